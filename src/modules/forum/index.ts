/** The confidential forum: channels, threads and posts labelled with TLP 2.0 and read through the policy module; direct messages. */
export { forumRoutes } from './forum.routes.ts';
export { directMessageRoutes } from './direct-messages.routes.ts';
export { ensureDirectChannel } from './direct-messages.service.ts';
