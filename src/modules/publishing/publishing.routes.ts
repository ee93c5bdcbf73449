import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { IdParams } from '../../shared/api/common.ts';
import * as P from '../../shared/api/publishing.ts';
import { getDraft, publishAdvisory, saveDraft } from './publish.service.ts';

const tags = ['cases'];

/** A case's advisory: the draft, the live validation of what would be published, and publishing (ISAO coordinators). */
export const publishingRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/advisory',
    summary: 'The case’s advisory draft, the CSAF document it would publish now, and the validator’s results on it',
    tags,
    auth: 'member',
    params: IdParams,
    response: P.AdvisoryDraft,
    handler: async ({ actor, ctx, params }) => getDraft(ctx, actor!, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/cases/:id/advisory',
    summary: 'Save the advisory draft: title, summary, TLP, references, reporter credit',
    tags,
    auth: 'member',
    params: IdParams,
    body: P.DraftBody,
    response: P.AdvisoryDraft,
    handler: async ({ actor, ctx, params, body, ip }) => saveDraft(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/advisory/publish',
    summary:
      'Publish the advisory as CSAF 2.0 (or its next revision): only when every mandatory and optional test passes; signed with OpenPGP',
    tags,
    auth: 'member',
    params: IdParams,
    body: P.PublishBody,
    response: P.AdvisoryDraft,
    handler: async ({ actor, ctx, params, body, ip }) => publishAdvisory(ctx, actor!, params.id, body.revisionSummary, ip),
  }),
];
