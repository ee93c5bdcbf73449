import { z } from 'zod';
import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { IdParams } from '../../shared/api/common.ts';
import * as P from '../../shared/api/portfolio.ts';
import * as findings from './findings.service.ts';
import * as products from './products.service.ts';
import { MAX_SBOM_BYTES, uploadSbom } from './sbom-upload.service.ts';
import * as sboms from './sboms.service.ts';
import { vulnDbStatus } from './vulndb-status.service.ts';

const tags = ['portfolio'];
const UploadQuery = z.strictObject({ fileName: z.string().trim().min(1).max(255).optional() });

/** Products, versions, SBOMs and findings (VEX), every read decided by the policy module. */
export const portfolioRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/products',
    summary: 'Products I may see: my organisation’s, and others’ shared with members or public',
    tags,
    auth: 'public',
    response: P.ProductList,
    handler: async ({ actor, ctx }) => products.listProducts(ctx, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/products',
    summary: 'Register a product of my (manufacturer) organisation',
    tags,
    auth: 'member',
    body: P.CreateProductBody,
    response: P.Product,
    status: 201,
    handler: async ({ actor, ctx, body, ip }) => products.createProduct(ctx, actor!, body, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/products/:id',
    summary: 'One product with its versions and current SBOMs (404 when I may not see it)',
    tags,
    auth: 'public',
    params: IdParams,
    response: P.Product,
    handler: async ({ actor, ctx, params }) => products.getProduct(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/products/:id',
    summary: 'Change a product’s details or who may see it',
    tags,
    auth: 'member',
    params: IdParams,
    body: P.UpdateProductBody,
    response: P.Product,
    handler: async ({ actor, ctx, params, body, ip }) => products.updateProduct(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/products/:id/versions',
    summary: 'Add a software/firmware version to a product',
    tags,
    auth: 'member',
    params: IdParams,
    body: P.CreateVersionBody,
    response: P.Product,
    status: 201,
    handler: async ({ actor, ctx, params, body, ip }) => products.createVersion(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/product-versions/:id/sbom',
    summary: 'Upload the SBOM of a version (CycloneDX JSON/XML, SPDX JSON/tag-value/3.0) as the raw body; matched at once',
    tags,
    auth: 'member',
    params: IdParams,
    query: UploadQuery,
    rawBody: { maxBytes: MAX_SBOM_BYTES, description: 'the SBOM file, Content-Type: application/octet-stream' },
    response: P.SbomDetail,
    status: 201,
    handler: async ({ actor, ctx, params, query, req, ip }) => uploadSbom(ctx, actor!, params.id, req.body as Buffer, query.fileName, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/sboms/:id',
    summary: 'An SBOM: metadata and NTIA minimum-elements quality report',
    tags,
    auth: 'public',
    params: IdParams,
    response: P.SbomDetail,
    handler: async ({ actor, ctx, params }) => sboms.getSbom(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/sboms/:id/components',
    summary: 'A page of an SBOM’s components (search, sort, only incomplete ones)',
    tags,
    auth: 'public',
    params: IdParams,
    query: P.ComponentQuery,
    response: P.ComponentPage,
    handler: async ({ actor, ctx, params, query }) => sboms.listComponents(ctx, actor, params.id, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/sboms/:id/findings',
    summary: 'Vulnerabilities found in an SBOM, most urgent first (the manufacturer only)',
    tags,
    auth: 'member',
    params: IdParams,
    query: P.FindingQuery,
    response: P.FindingPage,
    handler: async ({ actor, ctx, params, query }) => findings.listFindings(ctx, actor, params.id, query),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/findings/:id',
    summary: 'Record a VEX decision on a finding (state, justification, responses, why)',
    tags,
    auth: 'member',
    params: IdParams,
    body: P.UpdateFindingBody,
    response: P.Finding,
    handler: async ({ actor, ctx, params, body, ip }) => findings.updateFinding(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/findings/:id/history',
    summary: 'Who decided what on a finding, and when it opened or closed',
    tags,
    auth: 'member',
    params: IdParams,
    response: P.FindingHistory,
    handler: async ({ actor, ctx, params }) => findings.findingHistory(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/vulndb/status',
    summary: 'What vulnerability data is loaded (OSV, CVE, KEV, EPSS) and the last imports',
    tags,
    auth: 'member',
    response: P.VulnDbStatus,
    handler: async ({ ctx }) => vulnDbStatus(ctx),
  }),
];
