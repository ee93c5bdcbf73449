import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import * as P from '../../shared/api/portfolio.ts';
import { diffSboms } from './sbom-diff.service.ts';
import { getVulnerability } from './vulnerability.service.ts';

const tags = ['portfolio'];

/** Views across the portfolio: what changed between two SBOMs, and where a vulnerability is. */
export const insightRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/sboms/:id/diff/:otherId',
    summary: 'What changed from one SBOM to another (added, removed, other version)',
    tags,
    auth: 'public',
    params: P.SbomDiffParams,
    response: P.SbomDiff,
    handler: async ({ actor, ctx, params }) => diffSboms(ctx, actor, params.id, params.otherId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/vulnerabilities/:id',
    summary: 'A vulnerability from the loaded data, and which of my organisation’s product versions have it',
    tags,
    auth: 'member',
    params: P.VulnerabilityParams,
    response: P.Vulnerability,
    handler: async ({ actor, ctx, params }) => getVulnerability(ctx, actor!, params.id),
  }),
];
