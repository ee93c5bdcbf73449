import { createHash } from 'node:crypto';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { UnstorableTextError } from '../../server/db/copy-format.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { canManageProduct, type Actor } from '../policy/index.ts';
import { type Sbom, SbomParseError, assessQuality, parseSbom } from '../sbom/index.ts';
import { storeAndMatchNewSbom } from './new-sbom-ingest.ts';
import { readableProduct } from './products.service.ts';
import { getSbom } from './sboms.service.ts';
import { WorkSlots } from '../../shared/work-slots.ts';

/** The largest SBOM file accepted (the 300,000-component benchmark SBOM is about 160 MB). */
export const MAX_SBOM_BYTES = 256 * 1024 * 1024;
/**
 * Stores an SBOM for a product version and matches it at once, all in one transaction: the previous SBOM of the
 * version is superseded, and VEX decisions on findings that carry over (same component, same vulnerability) are kept.
 * Uploading the same file again changes nothing.
 */
export async function uploadSbom(
  ctx: AppContext,
  actor: Actor,
  versionId: string,
  bytes: Buffer,
  fileName: string | undefined,
  ip: string,
) {
  const [version] = await ctx.db.query<{ product_id: string }>('SELECT product_id FROM product_versions WHERE id = $1', [versionId]);
  if (!version) throw new AppError('not_found');
  const product = await readableProduct(ctx, actor, version.product_id);
  if (!canManageProduct(actor, product.owner_org_id))
    throw new AppError('forbidden', 'Only the manufacturer uploads SBOMs for its products.');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const stored = async () => {
    const [same] = await ctx.db.query<{ id: string }>('SELECT id FROM sboms WHERE product_version_id = $1 AND sha256 = $2', [
      versionId,
      sha256,
    ]);
    return same ? { ...(await getSbom(ctx, actor, same.id)), duplicate: true } : null;
  };
  const known = await stored();
  if (known) return known;
  try {
    // Parsing and storing a large SBOM holds up to a gigabyte and, on PostgreSQL, two pooled connections: a few at a
    // time, the others wait their turn without holding either.
    const { sbomId, counts } = await ingestSlots.run(() =>
      parseAndStore(ctx, actor, { versionId, productId: version.product_id, bytes, fileName, ip, sha256 }),
    );
    return { ...(await getSbom(ctx, actor, sbomId, { findings: counts })), duplicate: false };
  } catch (e) {
    // The same file uploaded twice at once: the one that committed first stored it.
    if ((e as { code?: unknown }).code === '23505') {
      const first = await stored();
      if (first) return first;
    }
    throw e;
  }
}

/** SBOM uploads parsed and stored at once in this process. */
const ingestSlots = new WorkSlots(2);

async function parseAndStore(
  ctx: AppContext,
  actor: Actor,
  upload: { versionId: string; productId: string; bytes: Buffer; fileName: string | undefined; ip: string; sha256: string },
) {
  const { versionId, bytes, fileName, ip, sha256 } = upload;
  let sbom: Sbom;
  try {
    sbom = parseSbom(bytes, { fileName, maxBytes: MAX_SBOM_BYTES });
  } catch (e) {
    if (e instanceof SbomParseError) throw new AppError('sbom_invalid', e.message.slice(0, 1000), e.place ? { place: e.place } : undefined);
    throw e;
  }
  const { incomplete: _incomplete, ...quality } = assessQuality(sbom);
  const componentCount = sbom.components.length;
  const now = ctx.clock.now();
  const { sbomId, counts } = await storable(() =>
    ctx.db.transaction(async (tx) => {
      const previous = await tx.query<{ id: string }>(
        'UPDATE sboms SET is_current = false WHERE product_version_id = $1 AND is_current RETURNING id',
        [versionId],
      );
      const [row] = (await tx.query<{ id: string }>(
        `INSERT INTO sboms (product_version_id, sha256, file_name, byte_size, format, spec_version, encoding, document_id, doc_name, authors,
         doc_timestamp, quality, warnings, dependencies, component_count, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [
          versionId,
          sha256,
          fileName?.slice(0, 255) ?? null,
          bytes.length,
          sbom.source.format,
          sbom.source.specVersion,
          sbom.source.encoding,
          sbom.documentId ?? null,
          sbom.name ?? null,
          sbom.authors,
          sbom.timestamp ?? null,
          JSON.stringify(quality),
          sbom.warnings,
          JSON.stringify(sbom.dependencies),
          componentCount,
          actor.personId,
          now,
        ],
      )) as [{ id: string }];
      const { opened, counts } = await storeAndMatchNewSbom(ctx.db, tx, row.id, sbom.components, now);
      if (previous[0]) await carryOverVex(tx, previous[0].id, row.id);
      await appendAudit(tx, {
        actor,
        action: 'sbom.uploaded',
        targetType: 'sbom',
        targetId: row.id,
        ip,
        at: now,
        detail: { productId: upload.productId, versionId, sha256, components: componentCount, findings: opened },
      });
      // Decisions carried over from the previous SBOM take findings off the open count: then count in the database.
      return { sbomId: row.id, counts: previous[0] ? undefined : counts };
    }),
  );
  return { sbomId, counts };
}

// Text PostgreSQL cannot hold (a NUL character, escaped in JSON as \u0000) is the file's fault: a 422, nothing stored.
async function storable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (e instanceof UnstorableTextError || code === '22021' || code === '22P05')
      throw new AppError(
        'sbom_invalid',
        'The SBOM contains a NUL character (\\u0000), which cannot be stored; remove it and upload again.',
      );
    throw e;
  }
}

// A new SBOM of the same version keeps the manufacturer's analysis of findings it still has.
async function carryOverVex(tx: Queryable, fromSbom: string, toSbom: string): Promise<void> {
  await tx.query(
    `UPDATE findings n SET state = o.state, justification = o.justification, responses = o.responses, detail = o.detail
       FROM findings o
      WHERE o.sbom_id = $1 AND n.sbom_id = $2 AND o.component_key = n.component_key AND o.vuln_key = n.vuln_key AND o.state <> 'in_triage'`,
    [fromSbom, toSbom],
  );
}
