/** How threads and posts are shown to one reader: anonymity, recipients and retraction decided here, via the policy. */
import type { Queryable } from '../../server/db/client.ts';
import { type OrgKind, anonymousLabel } from '../../shared/vocabulary.ts';
import { type Actor, type SharedRow, canSeeContributor, canSeeRecipients, sharedItemFromRow } from '../policy/index.ts';
import { type MentionNames, extractMentions, renderMarkdown } from './markdown.ts';

export interface ThreadRow extends SharedRow {
  id: string;
  channel_id: string;
  title: string;
  pinned: boolean;
  locked: boolean;
  hidden_at: Date | null;
  last_position: number;
  last_post_at: Date;
  created_at: Date;
  org_name: string;
  org_kind: OrgKind;
  author_name: string;
}

export interface PostRow extends SharedRow {
  id: string;
  thread_id: string;
  position: number;
  body: string;
  created_at: Date;
  edited_at: Date | null;
  corrected: boolean;
  retracted_at: Date | null;
  retraction_reason: string | null;
  hidden_at: Date | null;
  org_name: string;
  org_kind: OrgKind;
  author_name: string;
}

export const threadSelect = `SELECT t.*, o.name AS org_name, o.kind AS org_kind, pe.name AS author_name
  FROM threads t JOIN organisations o ON o.id = t.owner_org_id JOIN people pe ON pe.id = t.author_id`;
export const postSelect = `SELECT p.*, o.name AS org_name, o.kind AS org_kind, pe.name AS author_name
  FROM posts p JOIN organisations o ON o.id = p.owner_org_id JOIN people pe ON pe.id = p.author_id`;

const iso = (d: Date | string) => new Date(d).toISOString();

/** The contributor as this reader may see it. */
export function contributorOf(reader: Actor | null, r: SharedRow & { org_name: string; org_kind: OrgKind; author_name: string }) {
  const show = canSeeContributor(reader, sharedItemFromRow(r));
  return {
    contributor: show ? { orgId: r.owner_org_id, orgName: r.org_name, personId: r.author_id, personName: r.author_name } : null,
    contributorLabel: r.anonymous ? (show ? `${r.org_name} (shared anonymously)` : anonymousLabel(r.org_kind)) : r.org_name,
    contributorKind: r.org_kind,
  };
}

/** The contributor as shown to someone outside the contributing organisation (events, webhooks, exports). */
export function publicContributor(r: { anonymous: boolean; org_name: string; org_kind: OrgKind }): string {
  return r.anonymous ? anonymousLabel(r.org_kind) : r.org_name;
}

export function presentThreadSummary(reader: Actor | null, r: ThreadRow, stats: { posts: number; unread: number }) {
  return {
    id: r.id,
    channelId: r.channel_id,
    title: r.title,
    tlp: r.tlp,
    audience: r.audience,
    anonymous: r.anonymous,
    ...contributorOf(reader, r),
    createdAt: iso(r.created_at),
    lastPostAt: iso(r.last_post_at),
    posts: stats.posts,
    unread: stats.unread,
    pinned: r.pinned,
    locked: r.locked,
    hidden: r.hidden_at !== null,
    embargoUntil: r.embargo_until ? iso(r.embargo_until) : null,
  };
}

export function recipientsOf(reader: Actor | null, r: SharedRow) {
  return canSeeRecipients(reader, sharedItemFromRow(r))
    ? { orgIds: r.recipient_org_ids, personIds: r.recipient_person_ids, groupId: r.group_id }
    : null;
}

/** Display names for the mentions in these texts. */
export async function mentionNames(db: Queryable, bodies: readonly string[]): Promise<MentionNames> {
  const personIds = new Set<string>();
  const orgIds = new Set<string>();
  for (const b of bodies) {
    const m = extractMentions(b);
    m.personIds.forEach((id) => personIds.add(id));
    m.orgIds.forEach((id) => orgIds.add(id));
  }
  const people = personIds.size
    ? await db.query<{ id: string; name: string }>('SELECT id, name FROM people WHERE id = ANY($1::uuid[])', [[...personIds]])
    : [];
  const orgs = orgIds.size
    ? await db.query<{ id: string; name: string }>('SELECT id, name FROM organisations WHERE id = ANY($1::uuid[])', [[...orgIds]])
    : [];
  return { people: new Map(people.map((p) => [p.id, p.name])), orgs: new Map(orgs.map((o) => [o.id, o.name])) };
}

export interface PostExtras {
  revisions: number;
  acknowledged: boolean;
  reactions: { reaction: 'seen_too' | 'thanks' | 'useful'; count: number; mine: boolean }[];
  attachments: { id: string; fileName: string; contentType: string; size: number; sha256: string }[];
  lastReadPosition: number;
  lastVisitAt: Date | null;
  /** Operator staff see a hidden post's text (to review it); nobody sees a retracted one. */
  showHidden: boolean;
}

export const noExtras: PostExtras = {
  revisions: 0,
  acknowledged: false,
  reactions: [],
  attachments: [],
  lastReadPosition: Number.MAX_SAFE_INTEGER,
  lastVisitAt: null,
  showHidden: false,
};

export function presentPost(reader: Actor | null, r: PostRow, names: MentionNames, x: PostExtras) {
  const retracted = r.retracted_at !== null;
  const hidden = r.hidden_at !== null;
  const withheld = retracted || (hidden && !x.showHidden);
  const body = withheld ? '' : r.body;
  return {
    id: r.id,
    threadId: r.thread_id,
    position: r.position,
    body,
    html: withheld ? '' : renderMarkdown(body, names),
    tlp: r.tlp,
    audience: r.audience,
    anonymous: r.anonymous,
    ...contributorOf(reader, r),
    mine: reader !== null && reader.personId === r.author_id,
    createdAt: iso(r.created_at),
    editedAt: r.edited_at ? iso(r.edited_at) : null,
    corrected: r.corrected,
    revisions: retracted ? 0 : x.revisions,
    retracted: retracted ? { at: iso(r.retracted_at!), reason: r.retraction_reason ?? '', acknowledged: x.acknowledged } : null,
    hidden,
    reactions: x.reactions,
    attachments: withheld ? [] : x.attachments,
    isNew: r.position > x.lastReadPosition,
    editedSinceVisit:
      r.position <= x.lastReadPosition && r.edited_at !== null && x.lastVisitAt !== null && new Date(r.edited_at) > x.lastVisitAt,
  };
}

export interface ParticipantView {
  personId: string;
  name: string;
  orgId: string;
  orgName: string;
}

/** Names and organisations of the participants of direct conversations, by person id. */
export async function participantsOf(db: Queryable, personIds: readonly string[]): Promise<Map<string, ParticipantView>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string; org_id: string; org_name: string }>(
    'SELECT p.id, p.name, o.id AS org_id, o.name AS org_name FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.id = ANY($1::uuid[])',
    [[...new Set(personIds)]],
  );
  return new Map(rows.map((r) => [r.id, { personId: r.id, name: r.name, orgId: r.org_id, orgName: r.org_name }]));
}

/** One conversation's participants, by name. */
export function participantList(known: ReadonlyMap<string, ParticipantView>, personIds: readonly string[]): ParticipantView[] {
  return personIds.flatMap((id) => known.get(id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
}
