import { matchProductVersion } from '../advisories/advisory-matching.ts';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { CreateProductBody, CreateVersionBody, UpdateProductBody } from '../../shared/api/portfolio.ts';
import { appendAudit } from '../audit/index.ts';
import {
  type Actor,
  SqlParams,
  canCreateProduct,
  canManageProduct,
  canReadFindings,
  canReadProduct,
  productVisibleFilter,
} from '../policy/index.ts';
import { countFindings } from './finding-counts.ts';

interface ProductRow {
  id: string;
  owner_org_id: string;
  org_name: string;
  name: string;
  model: string | null;
  udi_di: string | null;
  description: string;
  visibility: 'own_org' | 'members' | 'public';
  created_at: Date;
  version_count?: string;
}

const selectProduct = `SELECT p.*, o.name AS org_name,
  (SELECT count(*) FROM product_versions v WHERE v.product_id = p.id) AS version_count
  FROM products p JOIN organisations o ON o.id = p.owner_org_id`;

function presentProduct(reader: Actor | null, r: ProductRow) {
  return {
    id: r.id,
    name: r.name,
    model: r.model,
    udiDi: r.udi_di,
    description: r.description,
    visibility: r.visibility,
    owner: { orgId: r.owner_org_id, orgName: r.org_name },
    canManage: canManageProduct(reader, r.owner_org_id),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Products this reader may see (own, members-visible, public), filtered in the database by the policy. */
export async function listProducts(ctx: AppContext, reader: Actor | null) {
  const params = new SqlParams();
  const rows = await ctx.db.query<ProductRow>(
    `${selectProduct} WHERE ${productVisibleFilter(reader, params, 'p')} ORDER BY o.name, lower(p.name) LIMIT 2000`,
    params.values,
  );
  const own = rows.filter((r) => canReadFindings(reader, r.owner_org_id)).map((r) => r.id);
  const counts = await countFindings(ctx.db, 'product', own);
  return {
    items: rows.map((r) => ({
      ...presentProduct(reader, r),
      versionCount: Number(r.version_count ?? 0),
      findings: counts.get(r.id) ?? null,
    })),
  };
}

/** Loads a product the reader may see, or 404 (never 403: whether it exists is itself confidential). */
export async function readableProduct(ctx: AppContext, reader: Actor | null, productId: string): Promise<ProductRow> {
  const [row] = await ctx.db.query<ProductRow>(`${selectProduct} WHERE p.id = $1`, [productId]);
  if (!row || !canReadProduct(reader, { ownerOrgId: row.owner_org_id, visibility: row.visibility })) throw new AppError('not_found');
  return row;
}

/** One product with its versions, each with its current SBOM and (for the manufacturer) finding counts. */
export async function getProduct(ctx: AppContext, reader: Actor | null, productId: string) {
  const row = await readableProduct(ctx, reader, productId);
  const versions = await ctx.db.query<{
    id: string;
    version: string;
    release_date: string | null;
    end_of_support: string | null;
    sbom_id: string | null;
    file_name: string | null;
    format: string | null;
    spec_version: string | null;
    encoding: string | null;
    component_count: number | null;
    verdict: string | null;
    uploaded_at: Date | null;
  }>(
    `SELECT v.id, v.version, to_char(v.release_date, 'YYYY-MM-DD') AS release_date, to_char(v.end_of_support, 'YYYY-MM-DD') AS end_of_support,
            s.id AS sbom_id, s.file_name, s.format, s.spec_version, s.encoding, s.component_count, s.quality->>'verdict' AS verdict, s.uploaded_at
       FROM product_versions v LEFT JOIN sboms s ON s.product_version_id = v.id AND s.is_current
      WHERE v.product_id = $1 ORDER BY v.created_at DESC, v.version DESC`,
    [productId],
  );
  const counts = canReadFindings(reader, row.owner_org_id)
    ? await countFindings(
        ctx.db,
        'version',
        versions.map((v) => v.id),
      )
    : null;
  return {
    ...presentProduct(reader, row),
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      releaseDate: v.release_date,
      endOfSupport: v.end_of_support,
      sbom: v.sbom_id
        ? {
            id: v.sbom_id,
            fileName: v.file_name,
            format: v.format!,
            specVersion: v.spec_version!,
            encoding: v.encoding!,
            componentCount: v.component_count!,
            verdict: v.verdict ?? 'partial',
            uploadedAt: new Date(v.uploaded_at!).toISOString(),
          }
        : null,
      findings: counts?.get(v.id) ?? null,
    })),
  };
}

/** Registers a product of the actor's (manufacturer) organisation. */
export async function createProduct(ctx: AppContext, actor: Actor, body: z.infer<typeof CreateProductBody>, ip: string) {
  if (!canCreateProduct(actor))
    throw new AppError('forbidden', 'Only people of manufacturer organisations who may write register products.');
  const id = await ctx.db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM products WHERE owner_org_id = $1 AND lower(name) = lower($2)', [actor.orgId, body.name]);
    if (taken.length > 0) throw new AppError('already_exists', `Your organisation already has a product named "${body.name}".`);
    const [row] = (await tx.query<{ id: string }>(
      `INSERT INTO products (owner_org_id, name, model, udi_di, description, visibility, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        actor.orgId,
        body.name,
        body.model || null,
        body.udiDi || null,
        body.description ?? '',
        body.visibility,
        actor.personId,
        ctx.clock.now(),
      ],
    )) as [{ id: string }];
    await appendAudit(tx, {
      actor,
      action: 'product.created',
      targetType: 'product',
      targetId: row.id,
      ip,
      at: ctx.clock.now(),
      detail: { name: body.name, visibility: body.visibility },
    });
    return row.id;
  });
  return getProduct(ctx, actor, id);
}

/** Changes a product's details or visibility (the manufacturer's people who may write). */
export async function updateProduct(ctx: AppContext, actor: Actor, productId: string, body: z.infer<typeof UpdateProductBody>, ip: string) {
  const row = await readableProduct(ctx, actor, productId);
  if (!canManageProduct(actor, row.owner_org_id)) throw new AppError('forbidden', 'Only the manufacturer changes its products.');
  await ctx.db.transaction(async (tx) => {
    if (body.name && body.name.toLowerCase() !== row.name.toLowerCase()) {
      const taken = await tx.query('SELECT 1 FROM products WHERE owner_org_id = $1 AND lower(name) = lower($2)', [
        row.owner_org_id,
        body.name,
      ]);
      if (taken.length > 0) throw new AppError('already_exists', `Your organisation already has a product named "${body.name}".`);
    }
    await tx.query(
      `UPDATE products SET name = COALESCE($2, name), model = CASE WHEN $3::boolean THEN $4 ELSE model END,
         udi_di = CASE WHEN $5::boolean THEN $6 ELSE udi_di END, description = COALESCE($7, description), visibility = COALESCE($8, visibility)
       WHERE id = $1`,
      [
        productId,
        body.name ?? null,
        body.model !== undefined,
        body.model || null,
        body.udiDi !== undefined,
        body.udiDi || null,
        body.description ?? null,
        body.visibility ?? null,
      ],
    );
    await appendAudit(tx, {
      actor,
      action: 'product.updated',
      targetType: 'product',
      targetId: productId,
      ip,
      at: ctx.clock.now(),
      detail: { fields: Object.keys(body) },
    });
    // A new name or model may be what advisories call the device: its versions are matched again.
    if (body.name !== undefined || body.model !== undefined) {
      const versions = await tx.query<{ id: string }>('SELECT id FROM product_versions WHERE product_id = $1', [productId]);
      for (const v of versions) await matchProductVersion(tx, v.id, ctx.clock.now());
    }
  });
  return getProduct(ctx, actor, productId);
}

/** Adds a software/firmware version to a product. */
export async function createVersion(ctx: AppContext, actor: Actor, productId: string, body: z.infer<typeof CreateVersionBody>, ip: string) {
  const row = await readableProduct(ctx, actor, productId);
  if (!canManageProduct(actor, row.owner_org_id)) throw new AppError('forbidden', 'Only the manufacturer adds versions of its products.');
  if (body.releaseDate && body.endOfSupport && body.endOfSupport < body.releaseDate)
    throw new AppError('validation_failed', 'body.endOfSupport: must not be before the release date');
  await ctx.db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM product_versions WHERE product_id = $1 AND version = $2', [productId, body.version]);
    if (taken.length > 0) throw new AppError('already_exists', `Version ${body.version} already exists.`);
    const [v] = (await tx.query<{ id: string }>(
      'INSERT INTO product_versions (product_id, version, release_date, end_of_support, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [productId, body.version, body.releaseDate ?? null, body.endOfSupport ?? null, ctx.clock.now()],
    )) as [{ id: string }];
    await appendAudit(tx, {
      actor,
      action: 'product.version_added',
      targetType: 'product_version',
      targetId: v.id,
      ip,
      at: ctx.clock.now(),
      detail: { productId, version: body.version },
    });
    // Advisories already imported that name this product become possible matches of the new version.
    await matchProductVersion(tx, v.id, ctx.clock.now());
  });
  return getProduct(ctx, actor, productId);
}
