/** The confidential forum: channels, threads and posts labelled with TLP 2.0 and read through the policy module. */
export { forumRoutes } from './forum.routes.ts';
