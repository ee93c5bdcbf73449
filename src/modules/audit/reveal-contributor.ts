import type { AppContext } from '../../server/context.ts';
import type { Actor } from '../policy/index.ts';
import { appendAudit } from './audit-log.ts';

/** The contributor facts of a shared item (a notice, a post) as its query reads them. */
export interface ContributorRow {
  author_id: string;
  owner_org_id: string;
  org_name: string;
  author_name: string;
  anonymous: boolean;
}

/**
 * Who contributed an item, for a platform admin the caller has already checked, with the look recorded in the audit
 * log: revealing an anonymous contributor is always audited.
 */
export async function revealContributorAudited(
  ctx: AppContext,
  actor: Actor,
  target: { type: 'notice' | 'post'; id: string },
  row: ContributorRow,
  ip: string,
) {
  const people = await ctx.db.query<{ email: string }>('SELECT email FROM people WHERE id = $1', [row.author_id]);
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'anonymity.revealed',
      targetType: target.type,
      targetId: target.id,
      ip,
      detail: { anonymous: row.anonymous },
      at: ctx.clock.now(),
    }),
  );
  return {
    orgId: row.owner_org_id,
    orgName: row.org_name,
    personId: row.author_id,
    personName: row.author_name,
    personEmail: people[0]?.email ?? '',
  };
}
