import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import * as Au from '../../shared/api/audit.ts';
import * as audit from './audit.service.ts';

const tags = ['audit'];

/** Browse and verify the hash-chained audit log. */
export const auditRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit',
    summary: 'Audit records, newest first (platform admins: all; org admins: their organisation)',
    tags,
    auth: 'member',
    query: Au.AuditQuery,
    response: Au.AuditPage,
    handler: async ({ actor, ctx, query }) => audit.listAuditEvents(ctx, actor!, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit/verify',
    summary: 'Recompute the hash chain and name the first bad record (platform admins)',
    tags,
    auth: 'member',
    response: Au.AuditVerifyResult,
    handler: async ({ actor, ctx }) => audit.verifyChain(ctx, actor!),
  }),
];
