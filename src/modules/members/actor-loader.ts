import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { type ReadCache, readCache } from '../../server/db/read-cache.ts';
import type { OrgKind, OrgStatus, Role } from '../../shared/vocabulary.ts';
import type { Actor } from '../policy/index.ts';

/** The columns that make an Actor, selected with the person (alias p) and organisation (alias o). */
export const actorColumns = `p.id AS person_id, p.email, p.name, p.roles, p.status AS person_status,
  p.totp_enabled_at IS NOT NULL AS mfa_enabled, p.time_zone,
  o.id AS org_id, o.name AS org_name, o.kind AS org_kind, o.status AS org_status, o.require_mfa,
  COALESCE((SELECT array_agg(m.group_id) FROM sharing_group_members m WHERE m.org_id = o.id), '{}') AS group_ids`;

/** A row selected with actorColumns. */
export interface ActorRow {
  person_id: string;
  email: string;
  name: string;
  roles: Role[];
  person_status: 'active' | 'disabled';
  mfa_enabled: boolean;
  time_zone: string;
  org_id: string;
  org_name: string;
  org_kind: OrgKind;
  org_status: OrgStatus;
  require_mfa: boolean;
  group_ids: string[];
}

/** Builds an Actor from a row; the credential fields are filled by the caller. */
export function actorFromRow(row: ActorRow, via: Pick<Actor, 'via' | 'sessionId' | 'csrfToken' | 'tokenId' | 'scopes'>): Actor {
  return {
    personId: row.person_id,
    email: row.email,
    name: row.name,
    orgId: row.org_id,
    orgName: row.org_name,
    orgKind: row.org_kind,
    orgStatus: row.org_status,
    orgRequireMfa: row.require_mfa,
    roles: row.roles,
    groupIds: row.group_ids,
    mfaEnabled: row.mfa_enabled,
    timeZone: row.time_zone,
    ...via,
  };
}

/** Loads a person as an Actor (for flows that act on behalf of someone without a request). */
export async function loadActor(db: Queryable, personId: string): Promise<Actor | null> {
  const rows = await db.query<ActorRow>(`SELECT ${actorColumns} FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.id = $1`, [
    personId,
  ]);
  const row = rows[0];
  if (!row || row.person_status !== 'active') return null;
  return actorFromRow(row, { via: 'session', sessionId: null, csrfToken: null, tokenId: null, scopes: null });
}

/**
 * The read cache of actors resolved from one kind of credential (sessions or API tokens), by the credential's hash.
 * An actor depends on its credential's row, the person, the organisation and the organisation's group memberships.
 */
export function credentialActors(ctx: AppContext, credentials: 'sessions' | 'api_tokens'): ReadCache<Actor | null> {
  return readCache<Actor | null>(ctx.db.changes, `${credentials}-actors`, {
    maxEntries: 10_000,
    // sharing_groups too: deleting a group cascades into its memberships without naming them.
    dependsOn: [credentials, 'people', 'organisations', 'sharing_groups', 'sharing_group_members'],
  });
}
