/**
 * Who may see and change a case: ISAO staff coordinate every case; the people of a vendor organisation added to a case
 * take part in it (they read it, and those who may write answer for their organisation), never seeing the other vendors.
 */
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { type Actor, canContribute, isActiveMember, isOperatorStaff } from '../policy/index.ts';

export type CaseRole = 'coordinator' | 'vendor';

/** The reader's role in a case, or 404 (a case one may not see is not acknowledged to exist). */
export async function caseRole(db: Queryable, actor: Actor | null, caseId: string): Promise<CaseRole> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM cases WHERE id = $1', [caseId]);
  if (!row) throw new AppError('not_found');
  if (isOperatorStaff(actor)) return 'coordinator';
  if (isActiveMember(actor)) {
    const vendor = await db.query('SELECT 1 FROM case_vendors WHERE case_id = $1 AND org_id = $2', [caseId, actor.orgId]);
    if (vendor.length > 0) return 'vendor';
  }
  throw new AppError('not_found');
}

/** Only ISAO staff change a case's content, state and participants. */
export async function assertCoordinator(db: Queryable, actor: Actor, caseId: string): Promise<void> {
  if ((await caseRole(db, actor, caseId)) !== 'coordinator') throw new AppError('forbidden', 'Only ISAO coordinators change a case.');
}

/** A vendor's people who may write answer for their organisation. */
export async function assertVendorWriter(db: Queryable, actor: Actor, caseId: string): Promise<void> {
  const role = await caseRole(db, actor, caseId);
  if (role !== 'vendor') throw new AppError('forbidden', 'Statements are made by the vendor organisations of the case.');
  if (!canContribute(actor)) throw new AppError('forbidden', 'Read-only members cannot make statements.');
}

/** A closed case is the record of what happened: its content, vendors and statements no longer change. */
export async function assertOpen(db: Queryable, caseId: string): Promise<void> {
  const [row] = await db.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [caseId]);
  if (row?.state === 'closed') throw new AppError('conflict', 'This case is closed.');
}
