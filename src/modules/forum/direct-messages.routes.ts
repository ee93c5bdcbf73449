import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import * as D from '../../shared/api/direct-messages.ts';
import { ThreadView } from '../../shared/api/forum.ts';
import * as messages from './direct-messages.service.ts';

const tags = ['messages'];

/**
 * Direct messages. A conversation is a forum thread (TLP:RED to its participants): it is read, replied to, edited,
 * retracted and marked read through the forum's thread and post routes.
 */
export const directMessageRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/messages',
    summary: 'My direct conversations, latest activity first, with participants and unread counts',
    tags,
    auth: 'member',
    response: D.ConversationList,
    handler: async ({ actor, ctx }) => messages.listConversations(ctx, actor!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/messages',
    summary:
      'Send a direct message to 1–20 people: a new conversation (TLP:RED to its participants), or without a title the next message of my conversation with exactly them',
    tags,
    auth: 'member',
    body: D.StartConversationBody,
    response: ThreadView,
    status: 201,
    handler: async ({ actor, ctx, body, ip }) => messages.sendDirectMessage(ctx, actor!, body, ip),
  }),
];
