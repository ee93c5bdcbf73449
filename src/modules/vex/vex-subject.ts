/** The product version a VEX document speaks for, its manufacturer, and the open findings of its current SBOM. */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { formatPurl } from '../identity/index.ts';
import { type Actor, canManageProduct, canReadFindings, canReadProduct } from '../policy/index.ts';
import type { CdxJustification, CdxResponse, CdxState } from './vex-mapping.ts';

/** A product version with what every VEX format says about its maker. */
export interface VexProduct {
  versionId: string;
  version: string;
  productId: string;
  productName: string;
  model: string | null;
  ownerOrgId: string;
  manufacturer: string;
  website: string | null;
  /** The current SBOM (statements are about its findings), or null before the first upload. */
  sbomId: string | null;
  /** The current SBOM's serialNumber / document namespace, for BOM-Links. */
  sbomDocumentId: string | null;
  /** The name the current SBOM gives the product (its metadata.component), which VEX from the same tools repeats. */
  sbomName: string | null;
}

/** One open finding as the exports state it. */
export interface VexFinding {
  id: string;
  componentKey: string;
  /** With the SBOM's supplier and type (CycloneDX type, SPDX purpose) of the first component of that identity. */
  component: {
    name: string;
    version: string | null;
    purl: string | null;
    cpe: string | null;
    supplier: string | null;
    kind: string | null;
  };
  vulnKey: string;
  vulnerability: { id: string; aliases: string[] };
  /** Every id the finding answers to: its key, the record ids and their aliases. */
  ids: string[];
  summary: string | null;
  severity: { level: 'critical' | 'high' | 'medium' | 'low' | 'none'; score: number | null; vector: string | null } | null;
  state: CdxState;
  justification: CdxJustification | null;
  responses: CdxResponse[];
  detail: string | null;
  openedAt: Date;
  updatedAt: Date;
}

/**
 * Loads a product version for VEX: 404 unless the product is visible to the caller; then 403 unless the caller may
 * read findings (export) or manage the product (import) — as the findings list and the SBOM upload decide.
 */
export async function vexProduct(ctx: AppContext, actor: Actor | null, versionId: string, need: 'read' | 'manage'): Promise<VexProduct> {
  const [row] = await ctx.db.query<{
    version: string;
    product_id: string;
    name: string;
    model: string | null;
    owner_org_id: string;
    visibility: 'own_org' | 'members' | 'public';
    org_name: string;
    website: string | null;
    sbom_id: string | null;
    document_id: string | null;
    doc_name: string | null;
  }>(
    `SELECT v.version, v.product_id, p.name, p.model, p.owner_org_id, p.visibility, o.name AS org_name, o.website, s.id AS sbom_id, s.document_id,
            s.doc_name
       FROM product_versions v JOIN products p ON p.id = v.product_id JOIN organisations o ON o.id = p.owner_org_id
       LEFT JOIN sboms s ON s.product_version_id = v.id AND s.is_current
      WHERE v.id = $1`,
    [versionId],
  );
  if (!row || !canReadProduct(actor, { ownerOrgId: row.owner_org_id, visibility: row.visibility })) throw new AppError('not_found');
  if (need === 'read' && !canReadFindings(actor, row.owner_org_id))
    throw new AppError('forbidden', 'VEX statements are made from findings, which only the manufacturer sees.');
  if (need === 'manage' && !canManageProduct(actor, row.owner_org_id))
    throw new AppError('forbidden', 'Only the manufacturer’s people who may write record VEX decisions.');
  return {
    versionId,
    version: row.version,
    productId: row.product_id,
    productName: row.name,
    model: row.model,
    ownerOrgId: row.owner_org_id,
    manufacturer: row.org_name,
    website: row.website,
    sbomId: row.sbom_id,
    sbomDocumentId: row.document_id,
    sbomName: row.doc_name,
  };
}

/** The identifier of a product version in every format: pkg:generic/<manufacturer>/<product>@<version>. */
export function productPurl(p: Pick<VexProduct, 'manufacturer' | 'productName' | 'version'>): string {
  return formatPurl({ type: 'generic', namespace: p.manufacturer, name: p.productName, version: p.version, qualifiers: {} });
}

interface FindingRow {
  id: string;
  component_key: string;
  component: { name: string; version: string | null; purl: string | null; cpe: string | null };
  vuln_key: string;
  vulnerability: { id: string; aliases: string[] };
  record_ids: string[];
  summary: string | null;
  severity: VexFinding['severity'];
  state: CdxState;
  justification: CdxJustification | null;
  responses: CdxResponse[];
  detail: string | null;
  opened_at: Date;
  updated_at: Date;
}

/** The open findings of an SBOM (closed ones are no longer matched: nothing to state), in a stable order. */
export async function openFindings(db: Queryable, sbomId: string, options: { lock?: boolean } = {}): Promise<VexFinding[]> {
  const rows = await db.query<FindingRow>(
    `SELECT f.id, f.component_key, f.component, f.vuln_key, f.vulnerability, f.record_ids, f.summary, f.severity, f.state, f.justification,
            f.responses, f.detail, f.opened_at, f.updated_at
       FROM findings f WHERE f.sbom_id = $1 AND f.status = 'open'
      ORDER BY f.vuln_key, f.component_key${options.lock ? ' FOR UPDATE' : ''}`,
    [sbomId],
  );
  // One pass over the SBOM's components for the supplier and type of each identity (the first component that has it).
  const keys = [...new Set(rows.map((r) => r.component_key))];
  const extra = new Map(
    keys.length === 0
      ? []
      : (
          await db.query<{ component_key: string; supplier: string | null; kind: string | null }>(
            `SELECT DISTINCT ON (component_key) component_key, supplier, kind FROM sbom_components
              WHERE sbom_id = $1 AND component_key = ANY($2::text[]) ORDER BY component_key, position`,
            [sbomId, keys],
          )
        ).map((c) => [c.component_key, c]),
  );
  return rows.map((r) => ({
    id: r.id,
    componentKey: r.component_key,
    component: { ...r.component, supplier: extra.get(r.component_key)?.supplier ?? null, kind: extra.get(r.component_key)?.kind ?? null },
    vulnKey: r.vuln_key,
    vulnerability: { id: r.vulnerability.id, aliases: r.vulnerability.aliases ?? [] },
    ids: [...new Set([r.vuln_key, ...r.record_ids, r.vulnerability.id, ...(r.vulnerability.aliases ?? [])])],
    summary: r.summary,
    severity: r.severity,
    state: r.state,
    justification: r.justification,
    responses: r.responses,
    detail: r.detail,
    openedAt: new Date(r.opened_at),
    updatedAt: new Date(r.updated_at),
  }));
}

/** A file-name-safe slug: lower-case letters, digits, dots and dashes. */
export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/_/g, '-')
      .replace(/-+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .toLowerCase()
      .slice(0, 80) || 'product'
  );
}
