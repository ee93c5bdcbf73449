import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  SqlParams,
  type SharedItem,
  canRead,
  canSeeContributor,
  sharedColumns,
  visibleFilter,
} from '../../src/modules/policy/index.ts';
import type { Db } from '../../src/server/db/client.ts';
import { type Audience, type OrgKind, type OrgStatus, type Role, type Tlp, audiences, tlpLevels } from '../../src/shared/vocabulary.ts';
import { makeGroup, makeOrg, makePerson } from '../support/factories.ts';
import { createTestDatabase } from '../support/test-database.ts';

/**
 * The reference test of the confidentiality policy. The rules are written a second time here as a
 * plain table (FIRST TLP 2.0 + our audience model), independently of src/modules/policy, and every
 * combination of reader role × organisation kind × membership status × relation to the item ×
 * TLP × audience × anonymity × embargo is checked against canRead() and against the SQL predicate.
 */

// Which audiences each label allows as given; a wider audience is cut down to the label's widest.
const widestAudience: Record<Tlp, Audience | 'named-only'> = {
  CLEAR: 'public',
  GREEN: 'partners',
  AMBER: 'partners',
  'AMBER+STRICT': 'partners',
  RED: 'named-only',
};
const breadthOrder: Audience[] = ['own_org', 'orgs', 'group', 'members', 'partners', 'public'];
const breadth = (a: Audience) => (a === 'group' ? 1 : breadthOrder.indexOf(a));
const memberKinds: OrgKind[] = ['operator', 'manufacturer', 'hdo', 'researcher'];

interface Reader {
  personId: string;
  orgId: string;
  kind: OrgKind;
  status: OrgStatus;
  groupIds: string[];
}

/** The oracle, phrased as the rule sheet reads. */
function oracle(reader: Reader | null, item: SharedItem, now: Date): boolean {
  const isMember = reader !== null && reader.status === 'active';
  const who = isMember ? reader : null;
  // Rule 1: the author always sees what they wrote.
  if (who && who.personId === item.authorId) return true;
  // Rule 2: under embargo, only named participants and the contributing organisation.
  const embargoed = item.embargoUntil !== null && item.embargoUntil > now;
  const named = who !== null && item.recipientPersonIds.includes(who.personId);
  const ownOrg = who !== null && who.orgId === item.ownerOrgId;
  if (embargoed && !named && !ownOrg) return false;
  // Rule 3: TLP:RED reaches the named people only.
  const widest = widestAudience[item.tlp];
  if (widest === 'named-only') return named;
  // Rule 4: the audience can only narrow the label.
  const audience = breadth(item.audience) > breadth(widest) ? widest : item.audience;
  if (audience === 'public') return true; // only CLEAR can get here
  if (!who) return false; // everything else is for active members only
  if (ownOrg) return true;
  if (audience === 'orgs') return item.recipientOrgIds.includes(who.orgId);
  if (audience === 'group') return item.groupId !== null && who.groupIds.includes(item.groupId);
  if (audience === 'members') return memberKinds.includes(who.kind);
  if (audience === 'partners') return [...memberKinds, 'partner'].includes(who.kind);
  return false; // own_org
}

let db: Db;
const actors: { label: string; actor: Actor | null; reader: Reader | null }[] = [];
const items: (SharedItem & { id: string })[] = [];
const now = new Date('2026-06-01T12:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  const kinds: [string, OrgKind, OrgStatus][] = [
    ['owner', 'manufacturer', 'active'],
    ['recipient', 'hdo', 'active'],
    ['grouped', 'researcher', 'active'],
    ['partner', 'partner', 'active'],
    ['observer', 'observer', 'active'],
    ['operator', 'operator', 'active'],
    ['unrelated', 'hdo', 'active'],
    ['other-maker', 'manufacturer', 'active'],
    ['pending', 'manufacturer', 'pending'],
    ['suspended', 'hdo', 'suspended'],
  ];
  const orgs = new Map<string, { id: string; kind: OrgKind; status: OrgStatus }>();
  for (const [key, kind, status] of kinds) orgs.set(key, { ...(await makeOrg(db, kind, { status })), status });
  const o = (k: string) => orgs.get(k)!;
  const author = await makePerson(db, o('owner').id, ['analyst']);
  const named = await makePerson(db, o('unrelated').id, ['member']);
  const namedColleague = await makePerson(db, o('owner').id, ['member']);
  const group = await makeGroup(db, o('operator').id, author.id, [o('owner').id, o('grouped').id], true);
  const groupsOf = (orgId: string) => ([o('operator').id, o('owner').id, o('grouped').id].includes(orgId) ? [group.id] : []);

  const rolesFor = (kind: OrgKind): Role[][] =>
    kind === 'operator' ? [['platform_admin'], ['coordinator'], ['read_only']] : [['org_admin'], ['analyst'], ['member'], ['read_only']];
  const mkActor = (p: { id: string; email: string; name: string }, key: string, roles: Role[]): Actor => {
    const org = o(key);
    return {
      personId: p.id,
      email: p.email,
      name: p.name,
      orgId: org.id,
      orgName: key,
      orgKind: org.kind,
      orgStatus: org.status,
      orgRequireMfa: false,
      roles,
      groupIds: groupsOf(org.id),
      mfaEnabled: false,
      timeZone: 'UTC',
      via: 'session',
      sessionId: null,
      csrfToken: null,
      tokenId: null,
      scopes: null,
    };
  };
  actors.push({ label: 'public', actor: null, reader: null });
  const add = (label: string, a: Actor) =>
    actors.push({
      label,
      actor: a,
      reader: { personId: a.personId, orgId: a.orgId, kind: a.orgKind, status: a.orgStatus, groupIds: a.groupIds },
    });
  add('author', mkActor(author, 'owner', ['analyst']));
  add('named person', mkActor(named, 'unrelated', ['member']));
  add('named colleague', mkActor(namedColleague, 'owner', ['member']));
  for (const [key] of kinds) {
    for (const roles of rolesFor(o(key).kind)) {
      const p = await makePerson(db, o(key).id, roles);
      add(`${key}/${roles.join('+')}`, mkActor(p, key, roles));
    }
  }

  const embargoes = [null, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 86_400_000)];
  const namedSets = [[], [named.id], [named.id, namedColleague.id]];
  const rows: unknown[][] = [];
  for (const tlp of tlpLevels) {
    for (const audience of audiences) {
      for (const anonymous of [false, true]) {
        for (const embargoUntil of embargoes) {
          for (const recipientPersonIds of namedSets) {
            const item: SharedItem & { id: string } = {
              id: crypto.randomUUID(),
              tlp,
              audience,
              ownerOrgId: o('owner').id,
              authorId: author.id,
              recipientOrgIds: audience === 'orgs' ? [o('recipient').id] : [],
              recipientPersonIds,
              groupId: audience === 'group' ? group.id : null,
              anonymous,
              embargoUntil,
            };
            items.push(item);
            rows.push([
              item.id,
              tlp,
              audience,
              item.ownerOrgId,
              item.authorId,
              item.recipientOrgIds,
              recipientPersonIds,
              item.groupId,
              anonymous,
              embargoUntil,
            ]);
          }
        }
      }
    }
  }
  await db.transaction(async (tx) => {
    for (const r of rows) {
      await tx.query(
        `INSERT INTO notices (id, title, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous, embargo_until, created_at, updated_at)
         VALUES ($1, 't', 'b', $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), now())`,
        r,
      );
    }
  });
});
afterAll(async () => db.close());

describe('confidentiality policy reference', () => {
  it('canRead agrees with the rule sheet in every combination, and nothing leaks', () => {
    let checked = 0;
    const disagreements: string[] = [];
    for (const { label, actor, reader } of actors) {
      for (const item of items) {
        const expected = oracle(reader, item, now);
        const got = canRead(actor, item, now);
        checked++;
        if (expected !== got)
          disagreements.push(
            `${label} × ${item.tlp}/${item.audience}/anon=${item.anonymous}/embargo=${item.embargoUntil?.toISOString() ?? 'none'}/named=${item.recipientPersonIds.length}: rule says ${expected}, canRead says ${got}`,
          );
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });

  it('the SQL predicate returns exactly the items canRead allows, for every reader', async () => {
    let checked = 0;
    for (const { label, actor } of actors) {
      const params = new SqlParams();
      const where = visibleFilter(actor, now, params, sharedColumns('n'));
      const rows = await db.query<{ id: string }>(`SELECT n.id FROM notices n WHERE ${where}`, params.values);
      const fromSql = new Set(rows.map((r) => r.id));
      const fromCode = new Set(items.filter((i) => canRead(actor, i, now)).map((i) => i.id));
      const leaked = [...fromSql].filter((id) => !fromCode.has(id));
      const missing = [...fromCode].filter((id) => !fromSql.has(id));
      expect({ label, leaked, missing }).toEqual({ label, leaked: [], missing: [] });
      checked += items.length;
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('holds the TLP rules that matter most', () => {
    const outsider = actors.find((a) => a.label === 'unrelated/member')!;
    const pending = actors.find((a) => a.label === 'pending/org_admin')!;
    const observer = actors.find((a) => a.label === 'observer/member')!;
    const platformAdmin = actors.find((a) => a.label === 'operator/platform_admin')!;
    for (const item of items) {
      // RED never reaches anyone unnamed, however wide the audience, not even the platform admins.
      if (item.tlp === 'RED') expect(canRead(outsider.actor, item, now) || canRead(platformAdmin.actor, item, now)).toBe(false);
      // Nothing but CLEAR is ever public, and pending organisations see what the public sees.
      if (item.tlp !== 'CLEAR') expect(canRead(null, item, now)).toBe(false);
      expect(canRead(pending.actor, item, now)).toBe(canRead(null, item, now));
      // Observers (regulators) get community content only when named or public.
      if (item.tlp === 'GREEN' && item.audience === 'members') expect(canRead(observer.actor, item, now)).toBe(false);
      // A future embargo hides the item from everyone but its named participants and contributor.
      if (item.embargoUntil && item.embargoUntil > now) expect(canRead(outsider.actor, item, now)).toBe(false);
    }
  });

  it('anonymous contributions never name the contributor to anyone outside the contributing organisation', () => {
    let checked = 0;
    for (const { actor } of actors) {
      for (const item of items.filter((i) => i.anonymous)) {
        const sees = canSeeContributor(actor, item);
        expect(sees).toBe(actor !== null && actor.orgStatus === 'active' && actor.orgId === item.ownerOrgId);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });
});
