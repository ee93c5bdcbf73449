import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { hashPassword } from '../../server/security/passwords.ts';
import type { Audience, OrgKind, Role, Tlp } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { generatePassword } from '../members/bootstrap.ts';
import { participantAgreement } from '../members/agreement.ts';
import { insertDemoConversation } from './demo-messages.ts';

interface DemoOrg {
  key: string;
  name: string;
  kind: OrgKind;
  country: string;
  people: { email: string; name: string; roles: Role[] }[];
}

/** The demo community: two manufacturers, two hospitals, a research lab, and ISAO staff. */
const demoOrgs: DemoOrg[] = [
  {
    key: 'operator',
    name: '',
    kind: 'operator',
    country: 'US',
    people: [{ email: 'coordinator@openisao.example', name: 'Casey Coordinator', roles: ['coordinator'] }],
  },
  {
    key: 'acme',
    name: 'Acme Infusion Systems',
    kind: 'manufacturer',
    country: 'US',
    people: [
      { email: 'psirt@acme-infusion.example', name: 'Priya Shah', roles: ['org_admin', 'analyst'] },
      { email: 'analyst@acme-infusion.example', name: 'Adam Novak', roles: ['analyst'] },
      { email: 'viewer@acme-infusion.example', name: 'Vera Lund', roles: ['read_only'] },
    ],
  },
  {
    key: 'northwind',
    name: 'Northwind Imaging',
    kind: 'manufacturer',
    country: 'DE',
    people: [
      { email: 'security@northwind-imaging.example', name: 'Jonas Weber', roles: ['org_admin'] },
      { email: 'engineer@northwind-imaging.example', name: 'Mira Klein', roles: ['member'] },
    ],
  },
  {
    key: 'stexample',
    name: 'St. Example General Hospital',
    kind: 'hdo',
    country: 'US',
    people: [
      { email: 'ciso@stexample-hospital.example', name: 'Dana Brooks', roles: ['org_admin'] },
      { email: 'clinical.engineering@stexample-hospital.example', name: 'Luis Ortega', roles: ['analyst'] },
    ],
  },
  {
    key: 'riverside',
    name: 'Riverside Medical Center',
    kind: 'hdo',
    country: 'CA',
    people: [
      { email: 'it.security@riverside-medical.example', name: 'Grace Chen', roles: ['org_admin'] },
      { email: 'biomed@riverside-medical.example', name: 'Omar Haddad', roles: ['member'] },
      { email: 'auditor@riverside-medical.example', name: 'Nina Petrova', roles: ['read_only'] },
    ],
  },
  {
    key: 'lab',
    name: 'Open Device Research Lab',
    kind: 'researcher',
    country: 'NL',
    people: [{ email: 'lead@device-research.example', name: 'Sam Jansen', roles: ['org_admin'] }],
  },
];

/** Demo sign-ins: every demo person shares one generated password. */
export interface DemoResult {
  password: string;
  logins: { email: string; organisation: string; roles: Role[] }[];
}

/** Loads the demo community once (first start with ISAO_DEMO on); later starts do nothing. */
export async function loadDemoData(ctx: AppContext): Promise<DemoResult | null> {
  const done = await ctx.db.query("SELECT 1 FROM installation WHERE key = 'demo_loaded'");
  if (done.length > 0) return null;
  const password = generatePassword();
  const hash = await hashPassword(password);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await tx.query("INSERT INTO installation (key, value) VALUES ('demo_loaded', $1)", [JSON.stringify({ at: now.toISOString() })]);
    const operator = await tx.query<{ id: string; name: string }>(
      "SELECT id, name FROM organisations WHERE kind = 'operator' ORDER BY created_at LIMIT 1",
    );
    const orgIds = new Map<string, string>();
    const personIds = new Map<string, string>();
    const orgOfPerson = new Map<string, string>();
    const logins: DemoResult['logins'] = [];
    for (const org of demoOrgs) {
      let orgId = operator[0]?.id;
      let orgName = operator[0]?.name ?? '';
      if (org.kind !== 'operator') {
        const rows = await tx.query<{ id: string }>(
          `INSERT INTO organisations (name, kind, status, country, created_at, decided_at) VALUES ($1, $2, 'active', $3, $4, $4) RETURNING id`,
          [org.name, org.kind, org.country, now],
        );
        orgId = rows[0]!.id;
        orgName = org.name;
      }
      if (!orgId) continue;
      orgIds.set(org.key, orgId);
      for (const person of org.people) {
        const rows = await tx.query<{ id: string }>(
          'INSERT INTO people (org_id, email, name, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [orgId, person.email, person.name, hash, person.roles, now],
        );
        personIds.set(person.email, rows[0]!.id);
        orgOfPerson.set(rows[0]!.id, orgId);
        logins.push({ email: person.email, organisation: orgName, roles: person.roles });
        if (person.roles.includes('org_admin') && org.kind !== 'operator') {
          await tx.query('INSERT INTO agreement_acceptances (org_id, person_id, version, accepted_at, ip) VALUES ($1, $2, $3, $4, NULL)', [
            orgId,
            rows[0]!.id,
            participantAgreement.version,
            now,
          ]);
        }
      }
    }
    const group = await tx.query<{ id: string }>(
      `INSERT INTO sharing_groups (name, description, confidential, owner_org_id, created_by, created_at)
       VALUES ('Infusion Pump Working Group', 'Manufacturers and hospitals running infusion pumps: early warning and coordinated fixes.', true, $1, $2, $3) RETURNING id`,
      [orgIds.get('operator'), personIds.get('coordinator@openisao.example'), now],
    );
    const groupId = group[0]!.id;
    for (const key of ['operator', 'acme', 'stexample', 'riverside']) {
      await tx.query('INSERT INTO sharing_group_members (group_id, org_id, added_at) VALUES ($1, $2, $3)', [groupId, orgIds.get(key), now]);
    }
    await insertDemoNotices(tx, now, orgIds, personIds, groupId);
    await insertDemoForum(tx, now, orgIds, personIds, groupId);
    await insertDemoConversation(tx, now, personIds, orgOfPerson);
    await appendAudit(tx, {
      actor: { label: 'system' },
      action: 'installation.demo_loaded',
      detail: { organisations: orgIds.size, people: personIds.size },
      at: now,
    });
    return { password, logins };
  });
}

async function insertDemoNotices(tx: Queryable, now: Date, orgs: Map<string, string>, people: Map<string, string>, groupId: string) {
  const notices: {
    title: string;
    body: string;
    tlp: Tlp;
    audience: Audience;
    org: string;
    author: string;
    anonymous?: boolean;
    group?: boolean;
    named?: string[];
  }[] = [
    {
      title: 'Welcome to the OpenISAO demo community',
      body: 'This public notice is visible to anyone. Sign in to see what members share under TLP:GREEN and above.',
      tlp: 'CLEAR',
      audience: 'public',
      org: 'operator',
      author: 'coordinator@openisao.example',
    },
    {
      title: 'Phishing campaign impersonating a device vendor support portal',
      body: 'Several hospitals received emails asking biomedical engineers to "re-register" infusion pumps on a look-alike portal. Do not enter credentials; report samples to the ISAO.',
      tlp: 'GREEN',
      audience: 'members',
      org: 'stexample',
      author: 'ciso@stexample-hospital.example',
    },
    {
      title: 'Unexpected outbound traffic from a pump gateway',
      body: 'We see a drug-library gateway contacting an unknown host on TCP/8443 after the last update. Anyone else seeing this?',
      tlp: 'AMBER',
      audience: 'group',
      org: 'riverside',
      author: 'it.security@riverside-medical.example',
      anonymous: true,
      group: true,
    },
    {
      title: 'Pre-disclosure: authentication bypass in pump service interface',
      body: 'Coordinating a fix with the manufacturer. Details to named recipients only until the advisory is published.',
      tlp: 'RED',
      audience: 'orgs',
      org: 'lab',
      author: 'lead@device-research.example',
      named: ['psirt@acme-infusion.example', 'coordinator@openisao.example'],
    },
  ];
  for (const [i, n] of notices.entries()) {
    const at = new Date(now.getTime() - (notices.length - i) * 3_600_000);
    await tx.query(
      `INSERT INTO notices (title, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [
        n.title,
        n.body,
        n.tlp,
        n.audience,
        orgs.get(n.org),
        people.get(n.author),
        n.audience === 'orgs' ? [orgs.get('acme')] : [],
        (n.named ?? []).map((e) => people.get(e)),
        n.group ? groupId : null,
        n.anonymous ?? false,
        at,
      ],
    );
  }
}

/** A first look at the forum: two channels for all members, the working group's own channel, and two conversations. */
async function insertDemoForum(tx: Queryable, now: Date, orgs: Map<string, string>, people: Map<string, string>, groupId: string) {
  const channel = async (
    name: string,
    description: string,
    kind: 'topic' | 'device_class' | 'group',
    deviceClass: string | null,
    group: string | null,
  ) => {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO channels (name, description, kind, device_class, group_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [name, description, kind, deviceClass, group, people.get('coordinator@openisao.example'), now],
    );
    return rows[0]!.id;
  };
  const general = await channel('Threats and campaigns', 'Phishing, ransomware and other campaigns seen by members.', 'topic', null, null);
  await channel('Imaging devices', 'CT, MRI, PACS and other imaging systems.', 'device_class', 'imaging', null);
  const working = await channel(
    'Infusion Pump Working Group',
    "The working group's own channel (its members only).",
    'group',
    null,
    groupId,
  );

  const threads: {
    channel: string;
    title: string;
    tlp: Tlp;
    audience: Audience;
    org: string;
    anonymous?: boolean;
    posts: { author: string; org: string; body: string; anonymous?: boolean }[];
  }[] = [
    {
      channel: general,
      title: 'Fake vendor support portal asking to re-register pumps',
      tlp: 'GREEN',
      audience: 'members',
      org: 'stexample',
      posts: [
        {
          author: 'ciso@stexample-hospital.example',
          org: 'stexample',
          body: 'Three of our biomedical engineers got emails asking them to **re-register infusion pumps** on a look-alike support portal. The sender domain was registered last week.\n\n- Do not enter credentials\n- Send samples to the ISAO coordinators',
        },
        {
          author: 'analyst@acme-infusion.example',
          org: 'acme',
          body: 'Acme never asks customers to re-register devices by email. We have asked the registrar to take the domain down.',
        },
      ],
    },
    {
      channel: working,
      title: 'Drug-library gateway calling an unknown host on TCP/8443',
      tlp: 'AMBER',
      audience: 'group',
      org: 'riverside',
      anonymous: true,
      posts: [
        {
          author: 'it.security@riverside-medical.example',
          org: 'riverside',
          anonymous: true,
          body: 'Since the last gateway update we see outbound connections to an unknown host on TCP/8443. Anyone else? We have blocked it at the firewall for now.',
        },
      ],
    },
  ];
  for (const [i, t] of threads.entries()) {
    const at = new Date(now.getTime() - (threads.length - i) * 1_800_000);
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO threads (channel_id, title, tlp, audience, owner_org_id, author_id, group_id, anonymous, last_position, last_post_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        t.channel,
        t.title,
        t.tlp,
        t.audience,
        orgs.get(t.org),
        people.get(t.posts[0]!.author),
        t.audience === 'group' ? groupId : null,
        t.anonymous ?? false,
        t.posts.length,
        new Date(at.getTime() + (t.posts.length - 1) * 600_000),
        at,
      ],
    );
    for (const [position, p] of t.posts.entries()) {
      await tx.query(
        `INSERT INTO posts (thread_id, position, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, group_id, anonymous, created_at, search)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, to_tsvector('english', $12))`,
        [
          rows[0]!.id,
          position + 1,
          p.body,
          t.tlp,
          t.audience,
          orgs.get(p.org),
          people.get(p.author),
          [],
          t.audience === 'group' ? groupId : null,
          p.anonymous ?? false,
          new Date(at.getTime() + position * 600_000),
          position === 0 ? `${t.title}\n${p.body}` : p.body,
        ],
      );
    }
  }
}
