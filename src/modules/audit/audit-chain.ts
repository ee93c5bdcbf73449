import { createHash } from 'node:crypto';

/** The fields of an audit record that its hash covers. */
export interface AuditFields {
  seq: number;
  at: Date;
  actorPersonId: string | null;
  actorOrgId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

/** An audit_events row as the database returns it. */
export interface AuditRow {
  seq: number;
  at: Date;
  actor_person_id: string | null;
  actor_org_id: string | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** The hash of the empty chain, before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash_n = SHA-256(hash_{n-1} || canonical record n). */
export function chainHash(prevHash: string, f: AuditFields): string {
  const body = canonicalJson([
    f.seq,
    f.at.toISOString(),
    f.actorPersonId,
    f.actorOrgId,
    f.actorLabel,
    f.action,
    f.targetType,
    f.targetId,
    f.ip,
    f.detail,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
