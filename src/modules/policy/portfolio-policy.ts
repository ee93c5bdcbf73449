import type { productVisibilities } from '../../shared/api/portfolio.ts';
import { type Actor, canContribute, isActiveMember } from './actor.ts';
import type { SqlParams } from './sql-predicate.ts';

/** What the policy needs to know about a product (and so its versions and SBOMs). */
export interface PortfolioItem {
  ownerOrgId: string;
  visibility: (typeof productVisibilities)[number];
}

/**
 * Who may see a product, its versions and SBOMs: the manufacturer always; all active members when it chose
 * "members"; anyone when it chose "public". (Customers — hospitals that registered the device — come with the
 * hospital inventory.)
 */
export function canReadProduct(reader: Actor | null, item: PortfolioItem): boolean {
  if (item.visibility === 'public') return true;
  if (!isActiveMember(reader)) return false;
  return reader.orgId === item.ownerOrgId || item.visibility === 'members';
}

/** Who may change a product, add versions and upload SBOMs: the manufacturer's own people who may write. */
export function canManageProduct(actor: Actor | null, ownerOrgId: string): boolean {
  return actor !== null && canContribute(actor) && actor.orgId === ownerOrgId && actor.orgKind === 'manufacturer';
}

/** Who may create products: people of manufacturer organisations who may write. */
export function canCreateProduct(actor: Actor | null): boolean {
  return actor !== null && canContribute(actor) && actor.orgKind === 'manufacturer';
}

/**
 * Findings (which vulnerabilities a device version has, and the manufacturer's VEX analysis) stay inside the
 * manufacturer until it publishes a VEX: only its own active members read them, whatever the product's visibility.
 */
export function canReadFindings(reader: Actor | null, ownerOrgId: string): boolean {
  return isActiveMember(reader) && reader.orgId === ownerOrgId;
}

/** canReadProduct as an SQL predicate over a products table alias. */
export function productVisibleFilter(reader: Actor | null, params: SqlParams, alias: string): string {
  if (!isActiveMember(reader)) return `${alias}.visibility = 'public'`;
  return `(${alias}.visibility IN ('public', 'members') OR ${alias}.owner_org_id = ${params.add(reader.orgId)})`;
}
