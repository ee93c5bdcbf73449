import { loadActor } from '../modules/members/actor-loader.ts';
import { type Actor, SqlParams, productVisibleFilter } from '../modules/policy/index.ts';
import type { AppContext } from '../server/context.ts';
import { AppError } from '../server/http/errors.ts';

/** What `--as EMAIL --product P --version V` name: the person a command acts as, and the product version it acts on. */
export interface ActingOnVersion {
  actor: Actor;
  versionId: string;
  productName: string;
  version: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Finds the active person of `--as` and the version `--version` of the product `--product` (its id, or its name
 * among the products that person can see, their own organisation's first). What the person may then do with it is
 * left to the service called next, which applies the policy exactly as the API does.
 */
export async function findActorAndVersion(ctx: AppContext, args: Record<string, unknown>): Promise<ActingOnVersion> {
  const email = text(args.as);
  const [person] = await ctx.db.query<{ id: string }>("SELECT id FROM people WHERE lower(email) = lower($1) AND status = 'active'", [
    email,
  ]);
  const actor = person ? await loadActor(ctx.db, person.id) : null;
  if (!actor) throw new AppError('not_found', `No active person with the email "${email}".`);
  const product = text(args.product);
  const version = text(args.version);
  const params = new SqlParams([product, version, actor.orgId]);
  const rows = await ctx.db.query<{ id: string; name: string; own: boolean }>(
    `SELECT v.id, p.name, p.owner_org_id = $3 AS own FROM product_versions v JOIN products p ON p.id = v.product_id
      WHERE (p.id::text = $1 OR lower(p.name) = lower($1)) AND v.version = $2 AND ${productVisibleFilter(actor, params, 'p')}
      ORDER BY own DESC LIMIT 2`,
    params.values,
  );
  const [first, second] = rows;
  if (!first)
    throw new AppError(
      'not_found',
      `${actor.orgName} has no product "${product}" with a version "${version}" (and no other organisation shares one by that name with it).`,
    );
  if (!first.own && second)
    throw new AppError('conflict', `Several organisations have a product "${product}" with a version "${version}": give the product id.`);
  return { actor, versionId: first.id, productName: first.name, version };
}
