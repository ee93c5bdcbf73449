import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { IdParams, Ok } from '../../shared/api/common.ts';
import * as F from '../../shared/api/feeds.ts';
import { createFeed, deleteFeed, listFeeds, runFeedNow, updateFeed } from './feeds.service.ts';

const tags = ['feeds'];

/** Scheduled feeds of vulnerability data and advisories: ISAO staff see and fetch them; platform admins set them up. */
export const feedRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/feeds',
    summary: 'The scheduled feeds, with their last run (ISAO coordinators and platform admins)',
    tags,
    auth: 'member',
    response: F.FeedList,
    handler: async ({ actor, ctx }) => listFeeds(ctx, actor!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/feeds',
    summary: 'Add a feed (OSV, CVE JSON 5, NVD, KEV or EPSS file or archive, or a CSAF file) fetched every N minutes (platform admins)',
    tags,
    auth: 'member',
    body: F.CreateFeedBody,
    response: F.Feed,
    status: 201,
    handler: async ({ actor, ctx, body, ip }) => createFeed(ctx, actor!, body, ip),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/feeds/:id',
    summary: 'Change a feed: name, URL, interval, enabled (platform admins)',
    tags,
    auth: 'member',
    params: IdParams,
    body: F.UpdateFeedBody,
    response: F.Feed,
    handler: async ({ actor, ctx, params, body, ip }) => updateFeed(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/feeds/:id',
    summary: 'Remove a feed (platform admins); what it imported stays',
    tags,
    auth: 'member',
    params: IdParams,
    response: Ok,
    handler: async ({ actor, ctx, params, ip }) => deleteFeed(ctx, actor!, params.id, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/feeds/:id/run',
    summary: 'Fetch a feed now, in the background (409 while it is being fetched)',
    tags,
    auth: 'member',
    params: IdParams,
    response: F.Feed,
    status: 202,
    handler: async ({ actor, ctx, params, ip }) => runFeedNow(ctx, actor!, params.id, ip),
  }),
];
