import type { Queryable } from '../../server/db/client.ts';
import type { Actor } from '../policy/index.ts';
import { type AuditFields, GENESIS_HASH, chainHash } from './audit-chain.ts';

/** What happened, by whom, to what: one audit record before it is chained. */
export interface AuditInput {
  actor: Actor | { label: string; personId?: string | null; orgId?: string | null } | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
  at: Date;
}

// One lock serialises appends, so the chain order is the commit order.
/** The lock that orders audited writes; the event log takes the same one, so the two never deadlock. */
export const AUDIT_LOCK = 7263002;

const lockedTransactions = new WeakSet<Queryable>();

/**
 * Takes the audit lock until the transaction ends (one round trip, the first time only). Take it as late as possible:
 * every audited write of the platform waits for it.
 */
export async function takeAuditLock(tx: Queryable): Promise<void> {
  if (lockedTransactions.has(tx)) return;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  // Only a transaction holds it until its end (a statement outside one holds it for that statement).
  if (!('transaction' in tx)) lockedTransactions.add(tx);
}

function actorFields(actor: AuditInput['actor']) {
  if (actor === null) return { personId: null, orgId: null, label: 'anonymous' };
  if ('personId' in actor && 'email' in actor) return { personId: actor.personId, orgId: actor.orgId, label: actor.email };
  return { personId: actor.personId ?? null, orgId: actor.orgId ?? null, label: actor.label };
}

/**
 * Appends a record to the hash chain inside the caller's transaction, so the record exists if and
 * only if the change it describes was committed.
 */
export async function appendAudit(tx: Queryable, input: AuditInput): Promise<number> {
  await takeAuditLock(tx);
  // After the lock, in a statement of its own: its snapshot then includes the previous holder's commit.
  const head = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  const prevSeq = head[0]?.seq ?? 0;
  const prevHash = head[0]?.hash ?? GENESIS_HASH;
  const who = actorFields(input.actor);
  // Milliseconds only: the stored timestamp must read back exactly as hashed.
  const at = new Date(Math.floor(input.at.getTime()));
  const fields: AuditFields = {
    seq: prevSeq + 1,
    at,
    actorPersonId: who.personId,
    actorOrgId: who.orgId,
    actorLabel: who.label.slice(0, 320),
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    ip: input.ip ?? null,
    detail: JSON.parse(JSON.stringify(input.detail ?? {})) as Record<string, unknown>,
  };
  const hash = chainHash(prevHash, fields);
  // The record and the new head in one statement (one round trip less under the lock).
  await tx.query(
    `WITH record AS (
       INSERT INTO audit_events (seq, at, actor_person_id, actor_org_id, actor_label, action, target_type, target_id, ip, detail, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING seq, hash)
     INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM record
     ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
    [
      fields.seq,
      at,
      fields.actorPersonId,
      fields.actorOrgId,
      fields.actorLabel,
      fields.action,
      fields.targetType,
      fields.targetId,
      fields.ip,
      JSON.stringify(fields.detail),
      prevHash,
      hash,
    ],
  );
  return fields.seq;
}
