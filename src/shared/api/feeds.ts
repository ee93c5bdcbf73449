import { z } from 'zod';
import { Name, Timestamp, Uuid } from './common.ts';

/** Scheduled feeds of vulnerability data and advisories (ISAO staff). */

export const feedKinds = ['vulndb', 'csaf'] as const;
export const FeedKind = z.enum(feedKinds);

const FeedUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      return ['http:', 'https:', 'file:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'a URL starting with https://, http:// or file://')
  .meta({ format: 'uri' });

export const CreateFeedBody = z.strictObject({
  name: Name,
  kind: FeedKind,
  url: FeedUrl,
  /** How often to fetch, in minutes (5 minutes to 30 days). */
  intervalMinutes: z.number().int().min(5).max(43200),
  enabled: z.boolean().default(true),
});
export const UpdateFeedBody = z.strictObject({
  name: Name.optional(),
  url: FeedUrl.optional(),
  intervalMinutes: z.number().int().min(5).max(43200).optional(),
  enabled: z.boolean().optional(),
});

export const Feed = z.strictObject({
  id: Uuid,
  name: z.string(),
  kind: FeedKind,
  url: z.string(),
  intervalMinutes: z.number().int(),
  enabled: z.boolean(),
  nextRunAt: Timestamp,
  running: z.boolean(),
  lastRunAt: Timestamp.nullable(),
  lastStatus: z.enum(['imported', 'not_modified', 'failed']).nullable(),
  lastMessage: z.string(),
  lastBytes: z.number().nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: Timestamp,
});
export const FeedList = z.strictObject({ items: z.array(Feed) });
