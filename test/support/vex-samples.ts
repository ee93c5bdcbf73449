import type { VexFinding, VexProduct } from '../../src/modules/vex/vex-subject.ts';

/** A product version as the VEX exports see it. */
export function sampleProduct(overrides: Partial<VexProduct> = {}): VexProduct {
  return {
    versionId: '8a4c1f7e-0000-4000-8000-000000000001',
    version: '7.1.3',
    productId: '8a4c1f7e-0000-4000-8000-000000000002',
    productName: 'VitaFlow pump',
    model: 'VF-200',
    ownerOrgId: '8a4c1f7e-0000-4000-8000-000000000003',
    manufacturer: 'Acme Infusion, Inc.',
    website: null,
    sbomId: '8a4c1f7e-0000-4000-8000-000000000004',
    sbomDocumentId: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    sbomName: 'vitaflow-firmware',
    ...overrides,
  };
}

const log4j = { name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar', cpe: null };
const jackson = {
  name: 'jackson-databind',
  version: '2.9.10',
  purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10',
  cpe: null,
};
const lodash = { name: 'lodash', version: '2.4.2', purl: 'pkg:npm/lodash@2.4.2', cpe: null };
const openssl = { name: 'openssl', version: '3.0.13', purl: null, cpe: 'cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*' };
const treck = { name: 'Treck TCP/IP', version: '6.0.1.66', purl: null, cpe: null };
const critical = { level: 'critical' as const, score: 10, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' };
const high = { level: 'high' as const, score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' };

let n = 0;
function finding(
  component: Omit<VexFinding['component'], 'supplier' | 'kind'> & { supplier?: string; kind?: string },
  vuln: { key: string; id: string; aliases: string[] },
  decision: Pick<VexFinding, 'state'> & Partial<Pick<VexFinding, 'justification' | 'responses' | 'detail' | 'severity' | 'summary'>>,
): VexFinding {
  n++;
  const key = component.purl
    ? `${component.purl.split('@')[0]!.replace(/^pkg:/, '')}@${component.version}`
    : `/${component.name}@${component.version}|${component.cpe ?? ''}`;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    componentKey: key,
    component: { supplier: null, kind: null, ...component },
    vulnKey: vuln.key,
    vulnerability: { id: vuln.id, aliases: vuln.aliases },
    ids: [...new Set([vuln.key, vuln.id, ...vuln.aliases])],
    summary: decision.summary ?? `${vuln.key} summary`,
    severity: decision.severity === undefined ? high : decision.severity,
    state: decision.state,
    justification: decision.justification ?? null,
    responses: decision.responses ?? [],
    detail: decision.detail === undefined ? `Decision on ${vuln.key} for ${component.name}.` : decision.detail,
    openedAt: new Date('2026-01-10T08:00:00Z'),
    updatedAt: new Date('2026-02-01T09:30:00Z'),
  };
}

/** Open findings in every state, with the shapes the exports must handle (no purl, no identifier, one vulnerability on two components). */
export function sampleFindings(): VexFinding[] {
  const log4shell = { key: 'CVE-2021-44228', id: 'GHSA-jfh8-c2jp-5v3q', aliases: ['CVE-2021-44228'] };
  return [
    finding({ ...log4j, supplier: 'The Apache Software Foundation' }, log4shell, { state: 'in_triage', detail: null, severity: critical }),
    finding(
      jackson,
      { key: 'CVE-2020-36518', id: 'GHSA-57j2-w4cx-62h2', aliases: ['CVE-2020-36518'] },
      {
        state: 'exploitable',
        responses: ['update', 'workaround_available'],
        detail: 'Update to firmware 7.1.4; until then disable the JSON import on the service port.',
      },
    ),
    finding(
      lodash,
      { key: 'CVE-2019-10744', id: 'GHSA-jf85-cpcp-j695', aliases: ['CVE-2019-10744'] },
      {
        state: 'not_affected',
        justification: 'code_not_reachable',
        detail: 'The pump UI never calls defaultsDeep with user input.',
      },
    ),
    finding(
      openssl,
      { key: 'CVE-2024-0727', id: 'CVE-2024-0727', aliases: [] },
      {
        state: 'not_affected',
        justification: 'requires_environment',
        detail: 'PKCS12 files are never read on the device.',
        severity: null,
      },
    ),
    finding(
      { ...treck, kind: 'firmware' },
      { key: 'CVE-2020-11896', id: 'CVE-2020-11896', aliases: [] },
      {
        state: 'false_positive',
        detail: 'The device uses the Linux TCP/IP stack, not Treck.',
      },
    ),
    finding(
      { ...jackson },
      { key: 'GHSA-288c-cq4h-88gq', id: 'GHSA-288c-cq4h-88gq', aliases: [] },
      {
        state: 'resolved',
        detail: 'Fixed in this release by a backported patch.',
      },
    ),
    finding(
      lodash,
      { key: 'CVE-2020-8203', id: 'GHSA-p6mc-m468-83gw', aliases: ['CVE-2020-8203'] },
      {
        state: 'resolved_with_pedigree',
        detail: 'Patched copy of lodash; see the pedigree in the SBOM.',
      },
    ),
    // One vulnerability on two components, decided differently.
    finding(
      log4j,
      { key: 'CVE-2021-45046', id: 'GHSA-7rjr-3q55-vv33', aliases: ['CVE-2021-45046'] },
      {
        state: 'not_affected',
        justification: 'code_not_present',
        detail: 'JndiLookup.class was removed from the jar.',
      },
    ),
    finding(
      { name: 'log4j-core-patched', version: '2.12.4', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.12.4', cpe: null },
      {
        key: 'CVE-2021-45046',
        id: 'GHSA-7rjr-3q55-vv33',
        aliases: ['CVE-2021-45046'],
      },
      { state: 'exploitable', responses: [], detail: null },
    ),
  ];
}
