import type { Queryable } from '../../server/db/client.ts';
import { type AuditRow, GENESIS_HASH, chainHash } from './audit-chain.ts';

/** The outcome of recomputing the chain. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBad: { seq: number; reason: string } | null;
}

/**
 * Recomputes every hash in order and names the first record that does not fit: altered content,
 * a gap (deleted record), a record inserted out of order, or a head that does not match the end.
 */
export async function verifyAuditChain(db: Queryable, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  const batch = 5000;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.query<AuditRow>(
      `SELECT seq, at, actor_person_id, actor_org_id, actor_label, action, target_type, target_id, ip, detail, prev_hash, hash
       FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [expectedSeq, batch],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        return bad(checked, expectedSeq, `record ${expectedSeq} is missing (next present is ${seq}): a record was deleted`);
      }
      if (r.prev_hash !== prevHash) {
        return bad(
          checked,
          seq,
          'its link to the previous record is broken: a record before it was altered, deleted or inserted out of order',
        );
      }
      const computed = chainHash(prevHash, {
        seq,
        at: new Date(r.at),
        actorPersonId: r.actor_person_id,
        actorOrgId: r.actor_org_id,
        actorLabel: r.actor_label,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        ip: r.ip,
        detail: r.detail,
      });
      if (computed !== r.hash) return bad(checked, seq, 'its content does not match its hash: the record was altered');
      prevHash = r.hash;
      expectedSeq = seq + 1;
      checked++;
    }
    onProgress?.(checked);
    if (rows.length < batch) break;
  }
  const early = await db.query<{ seq: number }>('SELECT seq FROM audit_events WHERE seq < 1 ORDER BY seq LIMIT 1');
  if (early[0]) return bad(checked, Number(early[0].seq), 'a record was inserted before the start of the chain');
  const head = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  const h = head[0];
  if (h === undefined ? checked > 0 : Number(h.seq) !== expectedSeq - 1 || h.hash !== prevHash) {
    return bad(
      checked,
      h ? Number(h.seq) : 0,
      `the chain ends at record ${expectedSeq - 1} but its head says ${h ? Number(h.seq) : 'nothing'}: the last records were deleted or the head was altered`,
    );
  }
  return { ok: true, checked, firstBad: null };
}

function bad(checked: number, seq: number, reason: string): VerifyResult {
  return { ok: false, checked, firstBad: { seq, reason } };
}
