import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Client } from './test-app.ts';

/** The Ripple20 CVEs of the CISA use cases 2 and 3 (Treck TCP/IP). */
export const RIPPLE20 = Array.from({ length: 19 }, (_, i) => `CVE-2020-${11896 + i}`);

/** Components of the devices in the VEX tests: Log4j (CVE-2021-44228, CVE-2021-45105), jackson, lodash, the Treck stack. */
export const COMPONENTS = {
  log4j: {
    type: 'library',
    'bom-ref': 'log4j-core',
    supplier: { name: 'The Apache Software Foundation' },
    name: 'log4j-core',
    version: '2.14.1',
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
  },
  jackson: {
    type: 'library',
    'bom-ref': 'jackson-databind',
    name: 'jackson-databind',
    version: '2.9.10',
    purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10',
  },
  lodash: { type: 'library', 'bom-ref': 'lodash', name: 'lodash', version: '2.4.2', purl: 'pkg:npm/lodash@2.4.2' },
  treck: {
    type: 'firmware',
    'bom-ref': 'treck',
    supplier: { name: 'Treck Inc.' },
    name: 'Treck TCP/IP',
    version: '6.0.1.66',
    cpe: 'cpe:2.3:a:treck:tcp\\/ip:6.0.1.66:*:*:*:*:*:*:*',
  },
} as const;

/** A CycloneDX SBOM of a device with the given components (all of them by default). */
export function deviceSbom(
  name: string,
  version: string,
  options: { serial?: string; components?: (keyof typeof COMPONENTS)[] } = {},
): Buffer {
  const keys = options.components ?? (Object.keys(COMPONENTS) as (keyof typeof COMPONENTS)[]);
  return Buffer.from(
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      ...(options.serial ? { serialNumber: `urn:uuid:${options.serial}` } : {}),
      version: 1,
      metadata: { timestamp: '2026-01-05T10:00:00Z', authors: [{ name: 'VEX test' }], component: { type: 'device', name, version } },
      components: keys.map((k) => COMPONENTS[k]),
    }),
  );
}

/**
 * Vulnerability records written for the tests (not copies of real records: just enough to match): Log4j as OSV records
 * with their CVE aliases, and the Ripple20 CVEs as CVE JSON 5 records naming the Treck stack by CPE.
 */
export function writeVexVulnData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vex-vulns-'));
  const osv = (id: string, cve: string, summary: string, fixed: string) => ({
    schema_version: '1.6.0',
    id,
    modified: '2025-01-01T00:00:00Z',
    published: '2021-12-10T00:00:00Z',
    aliases: [cve],
    summary,
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0-beta9' }, { fixed }] }],
      },
    ],
  });
  writeFileSync(join(dir, 'GHSA-jfh8-c2jp-5v3q.json'), JSON.stringify(osv('GHSA-jfh8-c2jp-5v3q', 'CVE-2021-44228', 'Log4Shell', '2.15.0')));
  writeFileSync(
    join(dir, 'GHSA-p6xc-xr62-6r2g.json'),
    JSON.stringify(osv('GHSA-p6xc-xr62-6r2g', 'CVE-2021-45105', 'Log4j recursion', '2.17.0')),
  );
  for (const cve of RIPPLE20) {
    const record = {
      dataType: 'CVE_RECORD',
      dataVersion: '5.1',
      cveMetadata: { cveId: cve, state: 'PUBLISHED', datePublished: '2020-06-17T00:00:00Z', dateUpdated: '2025-01-01T00:00:00Z' },
      containers: {
        cna: {
          title: `Treck TCP/IP (${cve})`,
          affected: [
            {
              vendor: 'Treck',
              product: 'TCP/IP',
              cpes: ['cpe:2.3:a:treck:tcp\\/ip:*:*:*:*:*:*:*:*'],
              versions: [{ version: '0', lessThan: '6.0.1.67', status: 'affected', versionType: 'custom' }],
            },
          ],
        },
      },
    };
    writeFileSync(join(dir, `${cve}.json`), JSON.stringify(record));
  }
  return dir;
}

/** Creates a product (or reuses its id) with a version and uploads the SBOM; returns the ids. */
export async function productVersion(c: Client, name: string, version: string, sbom: Buffer, productId?: string) {
  let id = productId;
  if (!id) {
    const p = await c.request('POST', '/api/v1/products', { name });
    expect(p.statusCode, p.body).toBe(201);
    id = p.json<{ id: string }>().id;
  }
  const v = await c.request('POST', `/api/v1/products/${id}/versions`, { version });
  expect(v.statusCode, v.body).toBe(201);
  const versionId = v.json<{ versions: { id: string; version: string }[] }>().versions.find((x) => x.version === version)!.id;
  const s = await c.request('PUT', `/api/v1/product-versions/${versionId}/sbom`, sbom, { 'content-type': 'application/octet-stream' });
  expect(s.statusCode, s.body).toBe(201);
  return { productId: id, versionId, sbomId: s.json<{ id: string }>().id };
}

/** One finding as the findings list answers. */
export interface FindingItem {
  id: string;
  component: { name: string };
  vulnerability: { id: string; aliases: string[] };
  state: string;
  justification: string | null;
  responses: string[];
  detail: string | null;
}

/** The open findings of an SBOM, by "<vulnerability id or CVE alias> <component>". */
export async function findingsOf(c: Client, sbomId: string): Promise<Map<string, FindingItem>> {
  const res = await c.request('GET', `/api/v1/sboms/${sbomId}/findings?limit=500`);
  expect(res.statusCode, res.body).toBe(200);
  const out = new Map<string, FindingItem>();
  for (const f of res.json<{ items: FindingItem[] }>().items) {
    const cve = [f.vulnerability.id, ...f.vulnerability.aliases].find((x) => x.startsWith('CVE-')) ?? f.vulnerability.id;
    out.set(`${cve} ${f.component.name}`, f);
  }
  return out;
}

/** POSTs a VEX file for import. */
export const importFile = (c: Client, versionId: string, body: Buffer | string, type = 'application/octet-stream') =>
  c.request('POST', `/api/v1/product-versions/${versionId}/vex?fileName=vex.json`, body, { 'content-type': type });
