/**
 * Possible matches of advisories to a manufacturer's product versions: read by the manufacturer's own people only (like
 * findings), and only for advisories they may read; confirmed or dismissed by those who manage the product.
 */
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, SqlParams, canManageProduct, canReadFindings, isActiveMember, sharedColumns, visibleFilter } from '../policy/index.ts';
import { readableProduct } from '../portfolio/products.service.ts';

interface MatchRow {
  advisory_id: string;
  tracking_id: string;
  title: string;
  current_release_date: Date;
  product_id: string;
  product_name: string;
  product_version_id: string;
  version: string;
  csaf_products: { productId: string; name: string; versionText: string | null }[];
  reason: string;
  version_verdict: 'in_range' | 'all_versions' | 'unknown';
  state: 'possible' | 'confirmed' | 'dismissed';
  note: string;
  decided_by_name: string | null;
  decided_at: Date | null;
  matched_at: Date;
}

const present = (r: MatchRow) => ({
  advisoryId: r.advisory_id,
  advisoryTrackingId: r.tracking_id,
  advisoryTitle: r.title,
  advisoryReleaseDate: new Date(r.current_release_date).toISOString(),
  productId: r.product_id,
  productName: r.product_name,
  productVersionId: r.product_version_id,
  version: r.version,
  csafProducts: r.csaf_products,
  reason: r.reason,
  versionVerdict: r.version_verdict,
  state: r.state,
  note: r.note,
  decidedBy: r.decided_by_name,
  decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
  matchedAt: new Date(r.matched_at).toISOString(),
});

/**
 * Current (not stale) matches under a condition on `m` (advisory_matches), `p` (products) or `v` (versions), limited to
 * the reader's own organisation's products and to advisories the reader may read.
 */
export async function matchesWhere(ctx: AppContext, reader: Actor | null, condition: string, values: unknown[]) {
  if (!isActiveMember(reader)) return [];
  const params = new SqlParams(values);
  const visible = visibleFilter(reader, ctx.clock.now(), params, sharedColumns('a'));
  const rows = await ctx.db.query<MatchRow>(
    `SELECT m.advisory_id, a.tracking_id, a.title, a.current_release_date, p.id AS product_id, p.name AS product_name,
            m.product_version_id, v.version, m.reason, m.version_verdict, m.state, m.note, d.name AS decided_by_name,
            m.decided_at, m.matched_at,
            coalesce((SELECT jsonb_agg(jsonb_build_object('productId', ap.csaf_product_id, 'name', ap.name, 'versionText', ap.version_text)
                        ORDER BY ap.csaf_product_id)
                        FROM advisory_products ap WHERE ap.advisory_id = m.advisory_id AND ap.csaf_product_id = ANY(m.csaf_product_ids)), '[]') AS csaf_products
       FROM advisory_matches m
       JOIN advisories a ON a.id = m.advisory_id
       JOIN product_versions v ON v.id = m.product_version_id
       JOIN products p ON p.id = v.product_id
       LEFT JOIN people d ON d.id = m.decided_by
      WHERE NOT m.stale AND p.owner_org_id = ${params.add(reader.orgId)} AND ${visible} AND ${condition}
      ORDER BY (m.state = 'possible') DESC, a.current_release_date DESC, p.name, v.version`,
    params.values,
  );
  return rows.map(present);
}

/** The advisories that may concern a product's versions (its manufacturer only). */
export async function listProductMatches(ctx: AppContext, reader: Actor | null, productId: string) {
  const product = await readableProduct(ctx, reader, productId);
  if (!canReadFindings(reader, product.owner_org_id)) throw new AppError('not_found');
  return { items: await matchesWhere(ctx, reader, 'p.id = $1', [productId]) };
}

/** The manufacturer confirms that an advisory concerns a version, dismisses it, or reopens it as possible. */
export async function decideMatch(
  ctx: AppContext,
  actor: Actor,
  advisoryId: string,
  versionId: string,
  body: { state: 'possible' | 'confirmed' | 'dismissed'; note?: string | undefined },
  ip: string,
) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const params = new SqlParams([advisoryId, versionId]);
    const visible = visibleFilter(actor, now, params, sharedColumns('a'));
    const [row] = await tx.query<{ owner_org_id: string; state: string }>(
      `SELECT p.owner_org_id, m.state FROM advisory_matches m JOIN advisories a ON a.id = m.advisory_id
         JOIN product_versions v ON v.id = m.product_version_id JOIN products p ON p.id = v.product_id
        WHERE m.advisory_id = $1 AND m.product_version_id = $2 AND NOT m.stale AND ${visible} FOR UPDATE OF m`,
      params.values,
    );
    // Someone else's product, an advisory the actor may not read, or no such match: all answer the same.
    if (!row || !canReadFindings(actor, row.owner_org_id)) throw new AppError('not_found');
    if (!canManageProduct(actor, row.owner_org_id))
      throw new AppError('forbidden', 'Only people who manage the product decide its matches.');
    await tx.query(
      `UPDATE advisory_matches SET state = $3, note = COALESCE($4, note), decided_by = $5, decided_at = $6 WHERE advisory_id = $1 AND product_version_id = $2`,
      [advisoryId, versionId, body.state, body.note ?? null, actor.personId, now],
    );
    await appendAudit(tx, {
      actor,
      action: 'advisory_match.decided',
      targetType: 'product_version',
      targetId: versionId,
      ip,
      detail: { advisoryId, from: row.state, to: body.state },
      at: now,
    });
  });
  const [match] = await matchesWhere(ctx, actor, 'm.advisory_id = $1 AND m.product_version_id = $2', [advisoryId, versionId]);
  return match!;
}
