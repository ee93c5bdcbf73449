/**
 * A case's advisory as a CSAF 2.0 csaf_security_advisory or csaf_vex, built so that it passes the mandatory and the
 * optional tests: a canonical self reference, a TLP, a language, a generic purl on every product, product ids sorted, a
 * score and a remediation for every known-affected product and no score for fixed ones, every product used. For the VEX
 * profile (§4.5, tests 6.1.27.x) the same holds and more: every vulnerability has a cve or ids, notes and a product
 * status; every known-not-affected product an impact statement (a threat) and, when the coordinator picked one, a flag
 * with its justification; every known-affected product a remediation.
 */
import type { AdvisoryCategory, VexJustification } from '../../shared/api/publishing.ts';
import { csafFileName } from '../csaf/index.ts';

export interface VendorStatementInput {
  vulnerabilityId?: string;
  vendorOrgId?: string;
  /** The flag label of a "not affected" (VEX justification), when the coordinator picked one. */
  justification?: VexJustification['label'] | null;
  vendor: string;
  product: string;
  status: 'under_investigation' | 'affected' | 'not_affected' | 'fixed' | null;
  statement: string;
  affectedVersions: string;
  fixedVersions: string;
}

export interface AdvisoryInput {
  /** csaf_security_advisory unless stated. */
  category?: AdvisoryCategory;
  trackingId: string;
  title: string;
  summary: string;
  tlp: 'WHITE' | 'GREEN' | 'AMBER';
  lang: string;
  publisher: { name: string; namespace: string };
  /** Where the provider directory serves the file (the canonical URL's folder, ending with /). */
  directoryUrl: string;
  initialReleaseDate: string;
  revisions: { number: string; date: string; summary: string }[];
  acknowledgments: string[];
  references: { url: string; summary: string }[];
  vulnerabilities: {
    key: string;
    title: string;
    description: string;
    cve: string | null;
    cwe: { id: string; name: string } | null;
    cvss31: { vector: string; score: number; severity: string } | null;
    statements: VendorStatementInput[];
  }[];
  generator: string;
}

/** The justification labels in words, for an impact statement the vendor left without words of its own. */
export const justificationText: Record<VexJustification['label'], string> = {
  component_not_present: 'the vulnerable component is not present',
  inline_mitigations_already_exist: 'built-in protections prevent exploitation',
  vulnerable_code_cannot_be_controlled_by_adversary: 'the vulnerable code cannot be controlled by an attacker',
  vulnerable_code_not_in_execute_path: 'the vulnerable code is never executed',
  vulnerable_code_not_present: 'the vulnerable code is not present',
};

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'unnamed';

/** The same value with every object's keys in alphabetical order (optional test 6.2.13). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** Builds the CSAF document (keys sorted); the caller validates it before publishing. */
export function buildCsafAdvisory(input: AdvisoryInput): Record<string, unknown> {
  return sortKeys(buildUnsorted(input)) as Record<string, unknown>;
}

function buildUnsorted(input: AdvisoryInput) {
  // One product per vendor and product name, across all vulnerabilities.
  const products = new Map<string, { id: string; vendor: string; product: string }>();
  for (const v of input.vulnerabilities)
    for (const s of v.statements) {
      const key = `${s.vendor}\u0000${s.product}`;
      if (!products.has(key)) products.set(key, { id: '', vendor: s.vendor, product: s.product });
    }
  const ordered = [...products.values()].sort((a, b) => a.vendor.localeCompare(b.vendor) || a.product.localeCompare(b.product));
  ordered.forEach((p, i) => (p.id = `CSAFPID-${String(i + 1).padStart(4, '0')}`));
  const idOf = (s: VendorStatementInput) => products.get(`${s.vendor}\u0000${s.product}`)!.id;
  const byVendor = new Map<string, typeof ordered>();
  for (const p of ordered) byVendor.set(p.vendor, [...(byVendor.get(p.vendor) ?? []), p]);

  const latest = input.revisions.at(-1)!;
  const fileName = csafFileName(input.trackingId);
  const sorted = (ids: string[]) => [...new Set(ids)].sort();

  const vulnerabilities = input.vulnerabilities.map((v) => {
    const by = (status: VendorStatementInput['status']) => sorted(v.statements.filter((s) => s.status === status).map(idOf));
    const affected = by('affected');
    // A vendor that has not answered is still investigating, as far as anyone can tell.
    const investigating = sorted([...by('under_investigation'), ...by(null)]);
    const status: Record<string, string[]> = {};
    if (affected.length > 0) status['known_affected'] = affected;
    if (by('not_affected').length > 0) status['known_not_affected'] = by('not_affected');
    if (by('fixed').length > 0) status['fixed'] = by('fixed');
    if (investigating.length > 0) status['under_investigation'] = investigating;
    const remediations = v.statements
      .filter((s) => s.status === 'affected')
      .map((s) =>
        s.fixedVersions
          ? {
              category: 'vendor_fix',
              details: `${s.vendor} fixed this in ${s.product} ${s.fixedVersions}: update.${s.statement ? ` ${s.statement}` : ''}`,
              product_ids: [idOf(s)],
            }
          : {
              category: 'none_available',
              details: `${s.vendor} has no fix for ${s.product}${s.affectedVersions ? ` (affected: ${s.affectedVersions})` : ''} yet.${s.statement ? ` ${s.statement}` : ''}`,
              product_ids: [idOf(s)],
            },
      );
    // Optional test 6.2.2 wants a remediation for products still under investigation too: say what is known.
    for (const s of v.statements.filter((x) => x.status === 'under_investigation' || x.status === null))
      remediations.push({
        category: 'none_available',
        details:
          s.status === null
            ? `${s.vendor} has not yet said whether ${s.product} is affected.`
            : `${s.vendor} is investigating whether ${s.product} is affected.${s.statement ? ` ${s.statement}` : ''}`,
        product_ids: [idOf(s)],
      });
    const notAffected = v.statements.filter((s) => s.status === 'not_affected');
    const flags = new Map<string, string[]>();
    for (const s of notAffected) if (s.justification) flags.set(s.justification, [...(flags.get(s.justification) ?? []), idOf(s)]);
    const notes = [
      { category: 'description', title: 'Description', text: v.description || v.title },
      ...v.statements
        .filter((s) => s.status !== null && s.statement !== '' && s.status !== 'affected')
        .map((s) => ({ category: 'other', title: `Statement of ${s.vendor}`, text: s.statement })),
    ];
    return {
      ...(v.cve ? { cve: v.cve } : { ids: [{ system_name: 'OpenISAO case', text: v.key }] }),
      ...(v.cwe ? { cwe: v.cwe } : {}),
      title: v.title,
      notes,
      product_status: status,
      ...(remediations.length > 0 ? { remediations } : {}),
      ...(v.cvss31 && affected.length > 0
        ? {
            scores: [
              {
                cvss_v3: {
                  version: '3.1',
                  vectorString: v.cvss31.vector,
                  baseScore: v.cvss31.score,
                  baseSeverity: v.cvss31.severity.toUpperCase(),
                },
                products: affected,
              },
            ],
          }
        : {}),
      ...(notAffected.length > 0
        ? {
            threats: notAffected.map((s) => ({
              category: 'impact',
              details:
                s.statement ||
                `${s.vendor} states that ${s.product} is not affected${s.justification ? ` (${justificationText[s.justification]})` : ''}.`,
              product_ids: [idOf(s)],
            })),
          }
        : {}),
      ...(flags.size > 0
        ? {
            flags: [...flags.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, ids]) => ({ label, product_ids: sorted(ids) })),
          }
        : {}),
    };
  });

  return {
    document: {
      category: input.category ?? 'csaf_security_advisory',
      csaf_version: '2.0',
      distribution: { tlp: { label: input.tlp, url: 'https://www.first.org/tlp/' } },
      lang: input.lang,
      notes: [{ category: 'summary', title: 'Summary', text: input.summary || input.title }],
      publisher: { category: 'coordinator', name: input.publisher.name, namespace: input.publisher.namespace },
      references: [
        { category: 'self', summary: 'This advisory (canonical URL)', url: `${input.directoryUrl}${fileName}` },
        ...input.references.map((r) => ({ category: 'external', summary: r.summary || r.url, url: r.url })),
      ],
      ...(input.acknowledgments.length > 0
        ? { acknowledgments: [{ names: input.acknowledgments, summary: 'reporting this vulnerability' }] }
        : {}),
      title: input.title,
      tracking: {
        current_release_date: latest.date,
        generator: { engine: { name: 'OpenISAO', version: input.generator } },
        id: input.trackingId,
        initial_release_date: input.initialReleaseDate,
        revision_history: input.revisions,
        status: 'final',
        version: latest.number,
      },
    },
    product_tree: {
      branches: [...byVendor.entries()].map(([vendor, list]) => ({
        category: 'vendor',
        name: vendor,
        branches: list.map((p) => ({
          category: 'product_name',
          name: p.product,
          product: {
            name: `${vendor} ${p.product}`,
            product_id: p.id,
            product_identification_helper: { purl: `pkg:generic/${slug(vendor)}/${slug(p.product)}` },
          },
        })),
      })),
    },
    vulnerabilities,
  };
}
