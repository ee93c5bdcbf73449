import type { Db } from '../../src/server/db/client.ts';
import { hashPassword } from '../../src/server/security/passwords.ts';
import type { Audience, OrgKind, Role, Tlp } from '../../src/shared/vocabulary.ts';

/** The password of every seeded person (the operator admin has the ISAO_ADMIN_PASSWORD of the run). */
export const SEED_PASSWORD = 'bench people password 2026';

export interface SeededOrg {
  id: string;
  name: string;
  kind: OrgKind;
}
export interface SeededPerson {
  id: string;
  email: string;
  orgId: string;
  roles: Role[];
}
export interface SeededGroup {
  id: string;
  name: string;
  memberOrgIds: string[];
}
export interface Seeded {
  orgs: SeededOrg[];
  people: SeededPerson[];
  groups: SeededGroup[];
  notices: number;
  seedMs: number;
}

/** Small deterministic PRNG (mulberry32), so every run and both engines get the same mix. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  /** Picks by weight: [[value, weight], ...]. */
  const weighted = <T>(choices: readonly (readonly [T, number])[]): T => {
    let r = next() * choices.reduce((s, c) => s + c[1], 0);
    for (const [value, w] of choices) if ((r -= w) < 0) return value;
    return choices.at(-1)![0];
  };
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(int(copy.length), 1)[0]!);
    return out;
  };
  return { next, int, pick, weighted, sample };
}

// ~50 organisations: the bootstrapped operator plus these 49.
const orgPlan: [OrgKind, number, string[], string[]][] = [
  [
    'manufacturer',
    16,
    [
      'Acme',
      'Borealis',
      'Cardiva',
      'Dynamed',
      'Elektra',
      'Fulcrum',
      'Gemini',
      'Helix',
      'Ionic',
      'Juno',
      'Kestrel',
      'Lumen',
      'Meridian',
      'Nova',
      'Orion',
      'Pulse',
    ],
    ['Infusion Systems', 'Imaging', 'Cardiac Devices', 'Diagnostics', 'Respiratory', 'Monitoring'],
  ],
  [
    'hdo',
    14,
    [
      'St. Anne',
      'Riverside',
      'Northgate',
      'Lakeview',
      'Mercy',
      'Summit',
      'Valley',
      'Harbor',
      'Cedar',
      'Grand',
      'Oakwood',
      'Bayside',
      'Highland',
      'Union',
    ],
    ['General Hospital', 'Health System', 'Medical Center', 'University Hospital'],
  ],
  [
    'researcher',
    8,
    ['Redline', 'Blackbox', 'Sentinel', 'Greyhat', 'Cipher', 'Bitwise', 'Vector', 'Zero Day'],
    ['Labs', 'Research', 'Security'],
  ],
  ['partner', 6, ['Health-ISAC', 'MedSec ISAO', 'EU Health CERT', 'Nordic Med ISAC', 'APAC Health ISAO', 'Biotech ISAC'], ['Liaison']],
  ['observer', 5, ['Device Regulator', 'Health Ministry', 'Notified Body', 'Standards Office', 'Public Health Agency'], ['Observer Desk']],
];

const words =
  'device firmware update vulnerability exploit patch mitigation network segment infusion pump imaging workstation monitor telemetry gateway authentication bypass buffer overflow credential hardcoded default password certificate expired remote code execution denial service clinical impact patient safety advisory vendor coordinated disclosure timeline affected versions workaround compensating control firewall rule vlan isolation logging detection indicator compromise ransomware campaign phishing lure hospital biomedical engineering asset inventory sbom component library openssl outdated protocol cleartext bluetooth wireless interface maintenance port usb service mode'.split(
    ' ',
  );
/** Words for generated titles (shared with the forum-search benchmark). */
export const titleSubjects = [
  'infusion pump',
  'patient monitor',
  'MRI workstation',
  'insulin pump',
  'ventilator',
  'PACS server',
  'telemetry gateway',
  'lab analyser',
  'dialysis machine',
  'defibrillator',
];
export const titleIssues = [
  'authentication bypass',
  'hard-coded credentials',
  'remote code execution',
  'unencrypted telemetry',
  'outdated OpenSSL',
  'exposed maintenance port',
  'ransomware activity',
  'phishing campaign',
  'firmware signing gap',
  'denial of service',
];

function text(r: ReturnType<typeof prng>, min: number, max: number): string {
  const len = min + r.int(max - min);
  let out = '';
  while (out.length < len) {
    const sentence = Array.from({ length: 8 + r.int(10) }, () => r.pick(words)).join(' ');
    out += `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}. `;
  }
  return out.trim();
}

// The TLP mix and, for each label, the audiences people choose (never wider than the label allows).
const tlpMix: [Tlp, number][] = [
  ['CLEAR', 15],
  ['GREEN', 35],
  ['AMBER', 27],
  ['AMBER+STRICT', 10],
  ['RED', 13],
];
const audienceMix: Record<Tlp, [Audience, number][]> = {
  CLEAR: [
    ['public', 60],
    ['partners', 20],
    ['members', 20],
  ],
  GREEN: [
    ['partners', 40],
    ['members', 35],
    ['group', 15],
    ['orgs', 10],
  ],
  AMBER: [
    ['members', 25],
    ['orgs', 35],
    ['group', 30],
    ['own_org', 10],
  ],
  'AMBER+STRICT': [
    ['orgs', 60],
    ['group', 25],
    ['own_org', 15],
  ],
  RED: [['own_org', 100]],
};
const ownerKindMix: [OrgKind, number][] = [
  ['manufacturer', 40],
  ['researcher', 20],
  ['hdo', 20],
  ['operator', 10],
  ['partner', 8],
  ['observer', 2],
];

/**
 * Seeds a freshly started, bootstrapped database with bulk SQL (INSERT ... SELECT from
 * generate_series / unnest): 50 organisations, 4 people each, 5 sharing groups and `notices` notices.
 */
export async function seed(db: Db, options: { notices?: number; seed?: number } = {}): Promise<Seeded> {
  const started = performance.now();
  const total = options.notices ?? 10_000;
  const r = prng(options.seed ?? 20260101);
  const passwordHash = await hashPassword(SEED_PASSWORD);

  // Organisations (the operator already exists from the bootstrap).
  const names: string[] = [];
  const kinds: string[] = [];
  for (const [kind, count, prefixes, suffixes] of orgPlan) {
    for (let i = 0; i < count; i++) {
      names.push(`${prefixes[i % prefixes.length]} ${suffixes[i % suffixes.length]}`);
      kinds.push(kind);
    }
  }
  await db.query(
    `INSERT INTO organisations (name, kind, status, country, created_at, decided_at)
     SELECT t.name, t.kind, 'active', (ARRAY['US','DE','FR','NL','SE','JP','GB'])[1 + (t.n % 7)], now() - interval '400 days', now() - interval '399 days'
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(name, kind, n)`,
    [names, kinds],
  );

  // Four people per member organisation, three more coordinators in the operator organisation.
  await db.query(
    `INSERT INTO people (org_id, email, name, password_hash, roles, created_at)
     SELECT o.id,
       format('%s%s@%s.bench.example', (ARRAY['admin','analyst','member','reader'])[g], g, trim(both '-' from regexp_replace(lower(o.name), '[^a-z0-9]+', '-', 'g'))),
       format('%s %s', (ARRAY['Ada','Ben','Chloe','Dev'])[g], o.name),
       $1,
       CASE WHEN o.kind = 'operator' THEN '{coordinator}'::text[]
            WHEN g = 1 THEN '{org_admin,analyst}'::text[] WHEN g = 2 THEN '{analyst}'::text[]
            WHEN g = 3 THEN '{member}'::text[] ELSE '{read_only}'::text[] END,
       now() - interval '390 days'
     FROM organisations o CROSS JOIN generate_series(1, 4) AS g
     WHERE o.kind <> 'operator' OR g <= 3`,
    [passwordHash],
  );

  const orgs = await db.query<SeededOrg>('SELECT id, name, kind FROM organisations ORDER BY name');
  const people = (
    await db.query<{ id: string; email: string; org_id: string; roles: Role[] }>(
      'SELECT id, email, org_id, roles FROM people ORDER BY email',
    )
  ).map((p) => ({ id: p.id, email: p.email, orgId: p.org_id, roles: p.roles }));
  const byKind = (kind: OrgKind) => orgs.filter((o) => o.kind === kind);
  const operator = byKind('operator')[0]!;
  const peopleOf = (orgId: string) => people.filter((p) => p.orgId === orgId);

  // Sharing groups: topic groups across kinds, so group audiences cut across organisations.
  const manufacturers = byKind('manufacturer');
  const hdos = byKind('hdo');
  const groupPlan: { name: string; members: SeededOrg[] }[] = [
    { name: 'Infusion pump working group', members: [...manufacturers.slice(0, 5), ...hdos.slice(0, 5), operator] },
    { name: 'Imaging security', members: [...manufacturers.slice(3, 8), ...hdos.slice(4, 8), byKind('researcher')[0]!] },
    { name: 'Hospital CISOs', members: [...hdos.slice(0, 10), operator] },
    { name: 'Coordinated disclosure', members: [...byKind('researcher'), ...manufacturers.slice(0, 10), operator] },
    { name: 'Partner liaison', members: [...byKind('partner'), operator, ...byKind('observer').slice(0, 2)] },
  ];
  const groupRows = await db.query<{ id: string; name: string }>(
    `INSERT INTO sharing_groups (name, description, confidential, owner_org_id, created_by, created_at)
     SELECT t.name, 'Benchmark sharing group', t.n % 2 = 0, t.owner, t.creator, now() - interval '380 days'
     FROM unnest($1::text[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS t(name, owner, creator, n)
     RETURNING id, name`,
    [groupPlan.map((g) => g.name), groupPlan.map((g) => g.members[0]!.id), groupPlan.map((g) => peopleOf(g.members[0]!.id)[0]!.id)],
  );
  const groups: SeededGroup[] = groupPlan.map((g) => ({
    id: groupRows.find((row) => row.name === g.name)!.id,
    name: g.name,
    memberOrgIds: [...new Set(g.members.map((m) => m.id))],
  }));
  const pairs = groups.flatMap((g) => g.memberOrgIds.map((org) => [g.id, org] as const));
  await db.query(
    `INSERT INTO sharing_group_members (group_id, org_id, added_at)
     SELECT t.g, t.o, now() - interval '380 days' FROM unnest($1::uuid[], $2::uuid[]) AS t(g, o)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  const groupsOf = (orgId: string) => groups.filter((g) => g.memberOrgIds.includes(orgId));

  // Notices: generated here with the PRNG, inserted in a few multi-row INSERT ... SELECT FROM unnest.
  const now = Date.now();
  const yearMs = 365 * 24 * 3600_000;
  const cols = {
    title: [] as string[],
    body: [] as string[],
    tlp: [] as string[],
    audience: [] as string[],
    owner: [] as string[],
    author: [] as string[],
    orgIds: [] as string[],
    personIds: [] as string[],
    groupId: [] as (string | null)[],
    anonymous: [] as boolean[],
    embargo: [] as (string | null)[],
    createdAt: [] as string[],
  };
  const pgArray = (ids: string[]) => `{${ids.join(',')}}`;
  for (let i = 0; i < total; i++) {
    const owner = r.pick(byKind(r.weighted(ownerKindMix)));
    const authors = peopleOf(owner.id).filter((p) => !p.roles.includes('read_only'));
    const author = r.pick(authors);
    const tlp = r.weighted(tlpMix);
    let audience = r.weighted(audienceMix[tlp]);
    const ownerGroups = groupsOf(owner.id);
    if (audience === 'group' && ownerGroups.length === 0) audience = tlp === 'AMBER+STRICT' ? 'orgs' : 'members';
    const others = orgs.filter((o) => o.id !== owner.id);
    const orgIds = audience === 'orgs' ? r.sample(others, 1 + r.int(5)).map((o) => o.id) : [];
    const groupId = audience === 'group' ? r.pick(ownerGroups).id : null;
    // RED names 1-3 people of other organisations; a few other notices name one person too.
    const named = tlp === 'RED' ? 1 + r.int(3) : r.next() < 0.05 ? 1 : 0;
    const personIds = r
      .sample(
        people.filter((p) => p.orgId !== owner.id),
        named,
      )
      .map((p) => p.id);
    // Newest first: spread evenly over a year with jitter, so created_at is distinct.
    const created = now - Math.floor(((i + r.next() * 0.9) / total) * yearMs) - 60_000;
    const embargo = r.next() < 0.05 ? new Date(created + (7 + r.int(60)) * 24 * 3600_000).toISOString() : null;
    cols.title.push(`${r.pick(titleSubjects)}: ${r.pick(titleIssues)} (${tlp}) #${total - i}`);
    cols.body.push(text(r, 300, 1500));
    cols.tlp.push(tlp);
    cols.audience.push(audience);
    cols.owner.push(owner.id);
    cols.author.push(author.id);
    cols.orgIds.push(pgArray(orgIds));
    cols.personIds.push(pgArray(personIds));
    cols.groupId.push(groupId);
    cols.anonymous.push(r.next() < 0.12);
    cols.embargo.push(embargo);
    cols.createdAt.push(new Date(created).toISOString());
  }
  const chunk = 2500;
  for (let start = 0; start < total; start += chunk) {
    const part = <T>(a: T[]) => a.slice(start, start + chunk);
    await db.query(
      `INSERT INTO notices (title, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous, embargo_until, created_at, updated_at)
       SELECT t.title, t.body, t.tlp, t.audience, t.owner, t.author, t.org_ids::uuid[], t.person_ids::uuid[], t.group_id, t.anonymous, t.embargo, t.created_at, t.created_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::uuid[], $10::boolean[], $11::timestamptz[], $12::timestamptz[])
         AS t(title, body, tlp, audience, owner, author, org_ids, person_ids, group_id, anonymous, embargo, created_at)`,
      [
        part(cols.title),
        part(cols.body),
        part(cols.tlp),
        part(cols.audience),
        part(cols.owner),
        part(cols.author),
        part(cols.orgIds),
        part(cols.personIds),
        part(cols.groupId),
        part(cols.anonymous),
        part(cols.embargo),
        part(cols.createdAt),
      ],
    );
  }
  // Fresh statistics, as autovacuum would have them on PostgreSQL after a bulk load (see README).
  await db.exec('ANALYZE');
  return { orgs, people, groups, notices: total, seedMs: performance.now() - started };
}
