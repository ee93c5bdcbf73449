import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import * as A from '../../shared/api/advisories.ts';
import { IdParams } from '../../shared/api/common.ts';
import { MAX_CSAF_BYTES } from '../csaf/index.ts';
import { getAdvisory, getAdvisoryDocument, listAdvisories } from './advisories.service.ts';
import { decideMatch, listProductMatches } from './advisory-matches.service.ts';
import { importAdvisory } from './advisory-import.ts';

const tags = ['advisories'];

/** Advisories (CSAF 2.0): list, search, read, the stored document, import; possible matches to registered products. */
export const advisoryRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/advisories',
    summary: 'Advisories I may read, newest first or by relevance (q); filter by vendor, product, CVE, KEV and release date',
    tags,
    auth: 'public',
    query: A.AdvisoryListQuery,
    response: A.AdvisoryPage,
    handler: async ({ actor, ctx, query }) => listAdvisories(ctx, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/advisories',
    summary:
      'Import a CSAF 2.0 advisory (the file as the raw body): validated by the strict schema and every mandatory test; ' +
      'an older revision never replaces a newer one (ISAO coordinators and platform admins)',
    tags,
    auth: 'member',
    query: A.AdvisoryImportQuery,
    rawBody: { maxBytes: MAX_CSAF_BYTES, description: 'the CSAF 2.0 JSON file, Content-Type: application/octet-stream' },
    response: A.AdvisoryImportResult,
    status: 201,
    handler: async ({ actor, ctx, query, req, ip }) =>
      importAdvisory(ctx, actor!, req.body as Buffer, { ip, fileName: query.fileName, via: 'api' }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/advisories/:id',
    summary: 'One advisory: notes, products and their status, vulnerabilities, revisions, and my product versions it may concern',
    tags,
    auth: 'public',
    params: IdParams,
    response: A.AdvisoryDetail,
    handler: async ({ actor, ctx, params }) => getAdvisory(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/advisories/:id/csaf',
    summary: 'The CSAF 2.0 document of the current revision, byte for byte as received (with X-Checksum-SHA256)',
    tags,
    auth: 'public',
    params: IdParams,
    response: A.CsafDocument,
    handler: async ({ actor, ctx, params, reply }) => {
      const doc = await getAdvisoryDocument(ctx, actor, params.id);
      reply.header('content-type', 'application/json; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${doc.fileName}"`);
      reply.header('x-checksum-sha256', doc.sha256);
      return doc.text as unknown as Record<string, unknown>;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/products/:id/advisory-matches',
    summary: 'Advisories that name this product by vendor and product name (possible until confirmed): the manufacturer only',
    tags,
    auth: 'member',
    params: IdParams,
    response: A.AdvisoryMatchList,
    handler: async ({ actor, ctx, params }) => listProductMatches(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/advisories/:id/matches/:versionId',
    summary: 'Confirm or dismiss that an advisory concerns one of my product versions (or set it back to possible)',
    tags,
    auth: 'member',
    params: A.MatchParams,
    body: A.DecideMatchBody,
    response: A.AdvisoryMatch,
    handler: async ({ actor, ctx, params, body, ip }) => decideMatch(ctx, actor!, params.id, params.versionId, body, ip),
  }),
];
