import { z } from 'zod';
import { PlainText, Timestamp, Uuid } from './common.ts';
import { Participant, PostBody } from './forum.ts';

/** Direct messages: conversations between named people, each TLP:RED to its participants. */
export const MAX_PARTICIPANTS = 20;

export const Conversation = z.strictObject({
  id: Uuid,
  /** null: no title was given (show the other participants' names). */
  title: z.string().nullable(),
  /** Everyone in the conversation, the reader included. */
  participants: z.array(Participant),
  lastPostAt: Timestamp,
  posts: z.number().int(),
  /** Messages of the others the reader has not read yet. */
  unread: z.number().int(),
  lastPostMine: z.boolean(),
});
export const ConversationList = z.strictObject({
  /** The channel holding every conversation (null until the first one): live events with this channel id concern them. */
  channelId: Uuid.nullable(),
  items: z.array(Conversation),
});

/** A new message to these people: a new conversation, or the next message of my untitled one with exactly them. */
export const StartConversationBody = z.strictObject({
  personIds: z.array(Uuid).min(1, 'name at least one person').max(MAX_PARTICIPANTS, `at most ${MAX_PARTICIPANTS} people`),
  body: PostBody,
  title: PlainText(200).pipe(z.string().trim().min(1, 'leave it out, or write one')).optional(),
});
