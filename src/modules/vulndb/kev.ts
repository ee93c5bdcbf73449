import { asObject, optArray, optString, reqString } from './read-fields.ts';
import { VulnDataError } from './vuln-record.ts';

/** One entry of CISA's Known Exploited Vulnerabilities catalogue. */
export interface KevEntry {
  cveId: string;
  vendorProject?: string;
  product?: string;
  vulnerabilityName?: string;
  dateAdded?: string;
  dueDate?: string;
  requiredAction?: string;
  knownRansomwareCampaignUse?: string;
}

/** The KEV catalogue as loaded. */
export interface KevCatalog {
  catalogVersion?: string;
  dateReleased?: string;
  entries: KevEntry[];
}

/** Whether a parsed JSON document looks like the KEV catalogue. */
export function isKevDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'catalogVersion' in value && 'vulnerabilities' in value;
}

/** Reads the KEV JSON catalogue (known_exploited_vulnerabilities.json). */
export function parseKev(value: unknown): KevCatalog {
  const doc = asObject(value, '$');
  const entries = optArray(doc, 'vulnerabilities', '$').map((v, i): KevEntry => {
    const place = `$.vulnerabilities[${i}]`;
    const e = asObject(v, place);
    const cveId = reqString(e, 'cveID', place).toUpperCase();
    if (!/^CVE-\d{4}-\d{4,}$/.test(cveId)) throw new VulnDataError(`"${cveId.slice(0, 40)}" is not a CVE id`, `${place}.cveID`);
    return {
      cveId,
      vendorProject: optString(e, 'vendorProject', place),
      product: optString(e, 'product', place),
      vulnerabilityName: optString(e, 'vulnerabilityName', place),
      dateAdded: optString(e, 'dateAdded', place),
      dueDate: optString(e, 'dueDate', place),
      requiredAction: optString(e, 'requiredAction', place),
      knownRansomwareCampaignUse: optString(e, 'knownRansomwareCampaignUse', place),
    };
  });
  return { catalogVersion: optString(doc, 'catalogVersion', '$'), dateReleased: optString(doc, 'dateReleased', '$'), entries };
}
