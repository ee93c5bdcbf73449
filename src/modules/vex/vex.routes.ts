import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { IdParams } from '../../shared/api/common.ts';
import * as V from '../../shared/api/vex.ts';
import { exportVex } from './vex-export.service.ts';
import { importVex } from './vex-import.service.ts';
import { MAX_VEX_BYTES } from './read-vex.ts';

const tags = ['vex'];

/** VEX export (CycloneDX, OpenVEX, CSAF) and import of a product version's statements: the manufacturer only. */
export const vexRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/product-versions/:id/vex',
    summary:
      'The manufacturer’s VEX for the current SBOM of a version, as a download: CycloneDX 1.5, OpenVEX 0.2.0 or CSAF 2.0 csaf_vex (audited)',
    tags,
    auth: 'member',
    params: IdParams,
    query: V.VexExportQuery,
    response: V.VexDocument,
    handler: async ({ actor, ctx, params, query, reply, ip }) => {
      const out = await exportVex(ctx, actor, params.id, query.format, ip);
      reply.header('content-type', out.contentType);
      reply.header('content-disposition', `attachment; filename="${out.fileName}"`);
      return out.document;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/product-versions/:id/vex',
    summary: 'Import a VEX document (CycloneDX JSON/XML, OpenVEX, CSAF) as the raw body: each statement recorded on the matching findings',
    tags,
    auth: 'member',
    params: IdParams,
    query: V.VexImportQuery,
    rawBody: { maxBytes: MAX_VEX_BYTES, description: 'the VEX file, Content-Type: application/octet-stream' },
    response: V.VexImportResult,
    handler: async ({ actor, ctx, params, query, req, ip }) => importVex(ctx, actor!, params.id, req.body as Buffer, query.fileName, ip),
  }),
];
