import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { IdParams } from '../../shared/api/common.ts';
import * as N from '../../shared/api/notices.ts';
import * as notices from './notices.service.ts';

const tags = ['notices'];

/** Shared notices with TLP labels, filtered by the confidentiality policy. */
export const noticeRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/notices',
    summary: 'Notices I may read, newest first (TLP:CLEAR public ones without signing in)',
    tags,
    auth: 'public',
    query: N.NoticeQuery,
    response: N.NoticePage,
    handler: async ({ actor, ctx, query }) => notices.listNotices(ctx, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/notices/:id',
    summary: 'One notice (404 when it does not exist or I may not read it)',
    tags,
    auth: 'public',
    params: IdParams,
    response: N.Notice,
    handler: async ({ actor, ctx, params }) => notices.getNotice(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/notices',
    summary: 'Share a notice with a TLP label and an audience',
    tags,
    auth: 'member',
    body: N.CreateNoticeBody,
    response: N.Notice,
    status: 201,
    handler: async ({ actor, ctx, body, ip }) => notices.createNotice(ctx, actor!, body, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/notices/:id/contributor',
    summary: 'Who shared an anonymous notice (platform admins; audited)',
    tags,
    auth: 'member',
    params: IdParams,
    response: N.ContributorReveal,
    handler: async ({ actor, ctx, params, ip }) => notices.revealContributor(ctx, actor!, params.id, ip),
  }),
];
