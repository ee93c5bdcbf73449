import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import type { World } from './policy-world.ts';

/** A product of the policy world: owner, visibility, one version with an SBOM. */
export interface WorldProduct {
  id: string;
  name: string;
  ownerOrgId: string;
  visibility: 'own_org' | 'members' | 'public';
  versionId: string;
  sbomId: string;
}

/** Portfolio entities for the route × caller test: products of two manufacturers in every visibility, with findings. */
export interface PortfolioWorld {
  products: WorldProduct[];
  findings: { id: string; ownerOrgId: string }[];
}

/** A small CycloneDX SBOM with lodash 2.4.2 (affected by GHSA-35jh-r3h4-6jhm) and a component carrying a marker. */
export function tinySbom(marker: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: { timestamp: '2026-11-01T00:00:00Z', authors: [{ name: 'policy test' }] },
      components: [
        { type: 'library', 'bom-ref': 'lodash', name: 'lodash', version: '2.4.2', purl: 'pkg:npm/lodash@2.4.2' },
        { type: 'library', 'bom-ref': 'marker', name: marker, version: '1.0.0', purl: `pkg:npm/${marker.toLowerCase()}@1.0.0` },
      ],
    }),
  );
}

/** Creates the portfolio through the API as each manufacturer's analyst, then imports the GHSA fixtures. */
export async function buildPortfolioWorld(w: World): Promise<PortfolioWorld> {
  const products: WorldProduct[] = [];
  for (const maker of ['manuA.analyst', 'manuB.org_admin']) {
    const c = w.callers.find((x) => x.key === maker)!;
    for (const visibility of ['own_org', 'members', 'public'] as const) {
      const name = `PRODUCT-${randomUUID()}`;
      const p = await c.send('POST', '/api/v1/products', { name, visibility });
      if (p.statusCode !== 201) throw new Error(`product for ${maker}: ${p.statusCode} ${p.body}`);
      const v = await c.send('POST', `/api/v1/products/${p.json<{ id: string }>().id}/versions`, { version: '1.0' });
      const versionId = v.json<{ versions: { id: string }[] }>().versions[0]!.id;
      const s = await c.send('PUT', `/api/v1/product-versions/${versionId}/sbom`, tinySbom(`COMPONENT-${randomUUID()}`), {
        'content-type': 'application/octet-stream',
      });
      if (s.statusCode !== 201) throw new Error(`sbom for ${maker}: ${s.statusCode} ${s.body}`);
      products.push({
        id: p.json<{ id: string }>().id,
        name,
        ownerOrgId: c.policy!.orgId,
        visibility,
        versionId,
        sbomId: s.json<{ id: string }>().id,
      });
    }
  }
  await importVulnData(w.t.ctx, [join(import.meta.dirname, '../fixtures/vulndb/ghsa')]);
  const findings = await w.t.db.query<{ id: string; owner_org_id: string }>(
    `SELECT f.id, p.owner_org_id FROM findings f JOIN sboms s ON s.id = f.sbom_id JOIN product_versions v ON v.id = s.product_version_id
       JOIN products p ON p.id = v.product_id`,
  );
  if (findings.length !== products.length) throw new Error(`expected one lodash finding per product, got ${findings.length}`);
  return { products, findings: findings.map((f) => ({ id: f.id, ownerOrgId: f.owner_org_id })) };
}
