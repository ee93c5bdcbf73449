import { hashPassword } from '../../src/server/security/passwords.ts';
import type { Db } from '../../src/server/db/client.ts';
import type { OrgKind, OrgStatus, Role } from '../../src/shared/vocabulary.ts';

/** The password every factory-made person has. */
export const TEST_PASSWORD = 'correct horse battery staple 42';
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Makes an organisation (active unless told otherwise). */
export async function makeOrg(db: Db, kind: OrgKind, options: { status?: OrgStatus; name?: string; requireMfa?: boolean } = {}) {
  const name = options.name ?? `${kind} ${unique()}`;
  const rows = await db.query<{ id: string }>(
    'INSERT INTO organisations (name, kind, status, require_mfa, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING id',
    [name, kind, options.status ?? 'active', options.requireMfa ?? false],
  );
  return { id: rows[0]!.id, name, kind };
}

/** Makes a person in an organisation, with TEST_PASSWORD. */
export async function makePerson(db: Db, orgId: string, roles: Role[], options: { email?: string; name?: string } = {}) {
  const email = options.email ?? `p-${unique()}@test.example`;
  const name = options.name ?? `Person ${unique()}`;
  const rows = await db.query<{ id: string }>(
    'INSERT INTO people (org_id, email, name, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id',
    [orgId, email, name, await passwordHash(), roles],
  );
  return { id: rows[0]!.id, email, name, orgId };
}

/** Makes a sharing group with the given member organisations. */
export async function makeGroup(db: Db, ownerOrgId: string, createdBy: string, memberOrgIds: string[], confidential = false) {
  const rows = await db.query<{ id: string }>(
    'INSERT INTO sharing_groups (name, confidential, owner_org_id, created_by, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING id',
    [`group ${unique()}`, confidential, ownerOrgId, createdBy],
  );
  const id = rows[0]!.id;
  for (const org of new Set([ownerOrgId, ...memberOrgIds])) {
    await db.query('INSERT INTO sharing_group_members (group_id, org_id, added_at) VALUES ($1, $2, now())', [id, org]);
  }
  return { id };
}
