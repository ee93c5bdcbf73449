import { containsPattern } from '../../server/db/sql-text.ts';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { ComponentQuery, SbomQualityReport } from '../../shared/api/portfolio.ts';
import { type Actor, canReadFindings, canReadProduct } from '../policy/index.ts';
import { type FindingCounts, countFindings } from './finding-counts.ts';

interface SbomRow {
  id: string;
  product_id: string;
  product_version_id: string;
  owner_org_id: string;
  visibility: 'own_org' | 'members' | 'public';
  file_name: string | null;
  sha256: string;
  byte_size: string;
  format: string;
  spec_version: string;
  encoding: string;
  document_id: string | null;
  doc_name: string | null;
  authors: string[];
  doc_timestamp: string | null;
  component_count: number;
  warnings: string[];
  is_current: boolean;
  uploaded_at: Date;
  quality: Record<string, unknown>;
}

/** Loads an SBOM the reader may see (through its product's visibility), or 404. */
export async function readableSbom(ctx: AppContext, reader: Actor | null, sbomId: string): Promise<SbomRow> {
  const [row] = await ctx.db.query<SbomRow>(
    `SELECT s.*, v.product_id, p.owner_org_id, p.visibility
       FROM sboms s JOIN product_versions v ON v.id = s.product_version_id JOIN products p ON p.id = v.product_id WHERE s.id = $1`,
    [sbomId],
  );
  if (!row || !canReadProduct(reader, { ownerOrgId: row.owner_org_id, visibility: row.visibility })) throw new AppError('not_found');
  return row;
}

/**
 * An SBOM's metadata and NTIA quality report, with finding counts for the manufacturer's own people (`known.findings`:
 * counts the caller already has, e.g. of an upload that just opened every finding, instead of counting again).
 */
export async function getSbom(ctx: AppContext, reader: Actor | null, sbomId: string, known: { findings?: FindingCounts } = {}) {
  const r = await readableSbom(ctx, reader, sbomId);
  const counts = !canReadFindings(reader, r.owner_org_id)
    ? null
    : known.findings
      ? new Map([[r.id, known.findings]])
      : await countFindings(ctx.db, 'sbom', [r.id]);
  return {
    id: r.id,
    productId: r.product_id,
    productVersionId: r.product_version_id,
    fileName: r.file_name,
    sha256: r.sha256,
    byteSize: Number(r.byte_size),
    format: r.format,
    specVersion: r.spec_version,
    encoding: r.encoding,
    documentId: r.document_id,
    name: r.doc_name,
    authors: r.authors,
    timestamp: r.doc_timestamp,
    componentCount: r.component_count,
    warnings: r.warnings,
    isCurrent: r.is_current,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
    quality: r.quality as unknown as z.infer<typeof SbomQualityReport>,
    findings: counts?.get(r.id) ?? null,
    duplicate: false,
  };
}

const sortColumns = {
  name: 'lower(c.name), c.version',
  version: 'c.version, lower(c.name)',
  supplier: 'lower(c.supplier) NULLS LAST, lower(c.name)',
} as const;

/** A page of an SBOM's components, searched, filtered and sorted in the database. */
export async function listComponents(ctx: AppContext, reader: Actor | null, sbomId: string, q: z.infer<typeof ComponentQuery>) {
  await readableSbom(ctx, reader, sbomId);
  const where = ['c.sbom_id = $1'];
  const params: unknown[] = [sbomId];
  if (q.q) {
    params.push(containsPattern(q.q));
    where.push(`(c.name ILIKE $${params.length} OR c.purl ILIKE $${params.length} OR c.cpe ILIKE $${params.length})`);
  }
  if (q.incomplete === 'true') where.push("c.missing <> '[]'::jsonb");
  if (q.incomplete === 'false') where.push("c.missing = '[]'::jsonb");
  const [total] = (await ctx.db.query<{ n: string }>(
    `SELECT count(*) AS n FROM sbom_components c WHERE ${where.join(' AND ')}`,
    params,
  )) as [{ n: string }];
  const rows = await ctx.db.query<{
    position: number;
    ref: string;
    name: string;
    version: string | null;
    grp: string | null;
    purl: string | null;
    cpe: string | null;
    supplier: string | null;
    kind: string | null;
    missing: string[];
  }>(
    `SELECT c.position, c.ref, c.name, c.version, c.grp, c.purl, c.cpe, c.supplier, c.kind, c.missing FROM sbom_components c
      WHERE ${where.join(' AND ')} ORDER BY ${sortColumns[q.sort]}, c.position LIMIT ${q.limit} OFFSET ${q.offset}`,
    params,
  );
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      position: r.position,
      ref: r.ref,
      name: r.name,
      version: r.version,
      group: r.grp,
      purl: r.purl,
      cpe: r.cpe,
      supplier: r.supplier,
      kind: r.kind,
      missing: r.missing,
    })),
  };
}
