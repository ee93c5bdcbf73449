/** Scheduled feeds: fetched on a schedule (or now), imported into the vulnerability database or as advisories. */
export { feedRoutes } from './feeds.routes.ts';
export { claimFeed, runClaimedFeed, runDueFeeds, startFeedScheduler } from './feed-runner.ts';
export { createFeed, listFeeds } from './feeds.service.ts';
