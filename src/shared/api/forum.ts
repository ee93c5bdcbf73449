import { z } from 'zod';
import { AudienceSchema, OrgKindSchema, PlainText, Timestamp, TlpSchema, Uuid } from './common.ts';

/** The forum: channels, threads and posts, each labelled (TLP 2.0 + audience) and filtered by the policy. */
export const channelKinds = ['topic', 'device_class', 'group'] as const;
export const ChannelKindSchema = z.enum(channelKinds);
export const reactions = ['seen_too', 'thanks', 'useful'] as const;
export const ReactionSchema = z.enum(reactions);
export const MAX_POST_LENGTH = 20000;

export const Channel = z.strictObject({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  kind: ChannelKindSchema,
  deviceClass: z.string().nullable(),
  /** The sharing group of a group channel (only its organisations see the channel). */
  groupId: Uuid.nullable(),
  groupName: z.string().nullable(),
  /** Threads the reader may see, and how many of those have posts the reader has not read. */
  threads: z.number().int(),
  unreadThreads: z.number().int(),
  lastPostAt: Timestamp.nullable(),
  /** The widest audience a thread here may have. */
  widestAudience: AudienceSchema,
});
export const ChannelList = z.strictObject({ items: z.array(Channel) });
export const CreateChannelBody = z.strictObject({
  name: PlainText(80).pipe(z.string().trim().min(2, 'at least 2 characters')),
  description: PlainText(500).optional(),
  kind: ChannelKindSchema,
  deviceClass: PlainText(80).optional(),
  groupId: Uuid.optional(),
});

const Contributor = z.strictObject({ orgId: Uuid, orgName: z.string(), personId: Uuid, personName: z.string() });

export const ThreadSummary = z.strictObject({
  id: Uuid,
  channelId: Uuid,
  title: z.string(),
  tlp: TlpSchema,
  audience: AudienceSchema,
  anonymous: z.boolean(),
  /** null when shared anonymously (unless the reader is its own organisation). */
  contributor: Contributor.nullable(),
  contributorLabel: z.string(),
  contributorKind: OrgKindSchema,
  createdAt: Timestamp,
  lastPostAt: Timestamp,
  posts: z.number().int(),
  unread: z.number().int(),
  pinned: z.boolean(),
  locked: z.boolean(),
  hidden: z.boolean(),
  embargoUntil: Timestamp.nullable(),
});
export const ChannelThreads = z.strictObject({ channel: Channel, threads: z.array(ThreadSummary) });

export const Attachment = z.strictObject({
  id: Uuid,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});

export const Post = z.strictObject({
  id: Uuid,
  threadId: Uuid,
  position: z.number().int(),
  /** The Markdown source (empty once retracted or hidden). */
  body: z.string(),
  /** The sanitised HTML rendering of body. */
  html: z.string(),
  tlp: TlpSchema,
  audience: AudienceSchema,
  anonymous: z.boolean(),
  contributor: Contributor.nullable(),
  contributorLabel: z.string(),
  contributorKind: OrgKindSchema,
  mine: z.boolean(),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
  /** The last edit was a correction (recipients were told). */
  corrected: z.boolean(),
  revisions: z.number().int(),
  retracted: z.strictObject({ at: Timestamp, reason: z.string(), acknowledged: z.boolean() }).nullable(),
  hidden: z.boolean(),
  reactions: z.array(z.strictObject({ reaction: ReactionSchema, count: z.number().int(), mine: z.boolean() })),
  attachments: z.array(Attachment),
  /** Not yet seen by the reader (after their last visit). */
  isNew: z.boolean(),
  /** Edited after the reader's last visit. */
  editedSinceVisit: z.boolean(),
});

/** A participant of a direct conversation (every participant sees all of them). */
export const Participant = z.strictObject({ personId: Uuid, name: z.string(), orgId: Uuid, orgName: z.string() });

export const ThreadView = z.strictObject({
  thread: ThreadSummary.extend({
    channelName: z.string(),
    /** Recipients are shown to the contributing organisation only. */
    recipients: z.strictObject({ orgIds: z.array(Uuid), personIds: z.array(Uuid), groupId: Uuid.nullable() }).nullable(),
    /** A direct conversation (TLP:RED to its participants; not moderated). */
    direct: z.boolean(),
    /** Everyone in a direct conversation, the reader included; empty for other threads. */
    participants: z.array(Participant),
    canPost: z.boolean(),
    canModerate: z.boolean(),
  }),
  posts: z.array(Post),
  /** The reader's last read position before this visit. */
  lastReadPosition: z.number().int(),
});

const LabelFields = {
  tlp: TlpSchema,
  audience: AudienceSchema,
  recipientOrgIds: z.array(Uuid).max(200).optional(),
  recipientPersonIds: z.array(Uuid).max(200).optional(),
  anonymous: z.boolean().optional(),
  embargoUntil: z.iso.datetime({ offset: true }).optional(),
};
export const PostBody = PlainText(MAX_POST_LENGTH).pipe(z.string().trim().min(1, 'write something'));

export const CreateThreadBody = z.strictObject({
  title: PlainText(200).pipe(z.string().trim().min(3, 'at least 3 characters')),
  body: PostBody,
  ...LabelFields,
});
/** A reply: by default labelled like its thread; it may only be stricter (a higher TLP, or RED to named people). */
export const CreatePostBody = z.strictObject({
  body: PostBody,
  tlp: TlpSchema.optional(),
  recipientPersonIds: z.array(Uuid).max(200).optional(),
  anonymous: z.boolean().optional(),
});
export const EditPostBody = z.strictObject({
  body: PostBody,
  /** A correction notifies everyone who received the post (live, email, webhooks). */
  correction: z.boolean().optional(),
});
export const ReasonBody = z.strictObject({ reason: PlainText(1000).pipe(z.string().trim().min(3, 'say why (at least 3 characters)')) });
export const ModerateThreadBody = z.strictObject({
  pinned: z.boolean().optional(),
  locked: z.boolean().optional(),
  /** Move to another channel (same audience limits apply). */
  channelId: Uuid.optional(),
});
export const ReadBody = z.strictObject({ position: z.number().int().min(0).max(1_000_000) });
export const ReactionParams = z.strictObject({ id: Uuid, reaction: ReactionSchema });
export const Revisions = z.strictObject({
  items: z.array(
    z.strictObject({ revision: z.number().int(), body: z.string(), html: z.string(), replacedAt: Timestamp, editorName: z.string() }),
  ),
});
export const AttachmentQuery = z.strictObject({ name: PlainText(200).pipe(z.string().trim().min(1)) });

export const SearchQuery = z.strictObject({
  q: PlainText(200).pipe(z.string().trim().min(2, 'at least 2 characters')),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const SearchResults = z.strictObject({
  items: z.array(
    z.strictObject({
      postId: Uuid,
      threadId: Uuid,
      threadTitle: z.string(),
      channelName: z.string(),
      tlp: TlpSchema,
      contributorLabel: z.string(),
      createdAt: Timestamp,
      /** Matching text with the matches between «« and »» (plain text, never HTML). */
      snippet: z.string(),
      rank: z.number(),
    }),
  ),
});

export const MentionQuery = z.strictObject({ q: PlainText(100).pipe(z.string().trim().min(1)) });
export const Mentionables = z.strictObject({
  people: z.array(z.strictObject({ id: Uuid, name: z.string(), orgName: z.string() })),
  orgs: z.array(z.strictObject({ id: Uuid, name: z.string(), kind: OrgKindSchema })),
});

export const PostFlag = z.strictObject({
  id: Uuid,
  postId: Uuid,
  threadId: Uuid,
  threadTitle: z.string(),
  reason: z.string(),
  reporterName: z.string(),
  createdAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
  resolution: z.string().nullable(),
  postHidden: z.boolean(),
});
export const PostFlagList = z.strictObject({ items: z.array(PostFlag) });
export const ResolveFlagBody = z.strictObject({
  resolution: PlainText(1000).pipe(z.string().trim().min(3)),
  hidePost: z.boolean().optional(),
});

export const ThreadExport = z.strictObject({
  exportedAt: Timestamp,
  thread: z.strictObject({
    id: Uuid,
    title: z.string(),
    channel: z.string(),
    tlp: TlpSchema,
    audience: AudienceSchema,
    contributor: z.string(),
  }),
  posts: z.array(
    z.strictObject({
      id: Uuid,
      position: z.number().int(),
      tlp: TlpSchema,
      contributor: z.string(),
      createdAt: Timestamp,
      editedAt: Timestamp.nullable(),
      body: z.string(),
    }),
  ),
  /** Posts left out because they were retracted (no content). */
  retracted: z.array(z.strictObject({ id: Uuid, retractedAt: Timestamp, reason: z.string() })),
});

export const ContributorRevealed = z.strictObject({
  orgId: Uuid,
  orgName: z.string(),
  personId: Uuid,
  personName: z.string(),
  personEmail: z.string(),
});
