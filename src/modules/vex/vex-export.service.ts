import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { VexFormat } from '../../shared/api/vex.ts';
import { appendAudit } from '../audit/index.ts';
import type { Actor } from '../policy/index.ts';
import { csafFileName, csafVex } from './csaf-vex-export.ts';
import { cycloneDxVex } from './cyclonedx-vex-export.ts';
import { openVex } from './openvex-export.ts';
import { openFindings, slug, vexProduct } from './vex-subject.ts';

/** An exported VEX document with the file name and media type it is downloaded as. */
export interface VexExport {
  document: Record<string, unknown>;
  fileName: string;
  contentType: string;
}

/**
 * The manufacturer's statements on the open findings of a version's current SBOM, in one of the three formats
 * (the manufacturer's own people only: 404 when the product is not visible, 403 when it is someone else's).
 */
export async function exportVex(
  ctx: AppContext,
  reader: Actor | null,
  versionId: string,
  format: z.infer<typeof VexFormat>,
  ip: string,
): Promise<VexExport> {
  const exported = await buildVex(ctx, reader, versionId, format);
  // An export is a security event (it leaves the platform): who took which version's statements, in what format.
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor: reader,
      action: 'vex.exported',
      targetType: 'product_version',
      targetId: versionId,
      ip,
      detail: { format, fileName: exported.fileName },
      at: ctx.clock.now(),
    }),
  );
  return exported;
}

async function buildVex(ctx: AppContext, reader: Actor | null, versionId: string, format: z.infer<typeof VexFormat>): Promise<VexExport> {
  const product = await vexProduct(ctx, reader, versionId, 'read');
  if (!product.sbomId) throw new AppError('conflict', 'This version has no SBOM yet: upload one, then export its VEX.');
  const findings = await openFindings(ctx.db, product.sbomId);
  const now = ctx.clock.now();
  const base = `${slug(product.productName)}-${slug(product.version)}`;
  switch (format) {
    case 'cyclonedx':
      return {
        document: cycloneDxVex(product, findings, now),
        fileName: `${base}.vex.cdx.json`,
        contentType: 'application/vnd.cyclonedx+json; version=1.5',
      };
    case 'openvex':
      return { document: openVex(product, findings, now), fileName: `${base}.openvex.json`, contentType: 'application/json' };
    case 'csaf': {
      // A csaf_vex needs at least one vulnerability (mandatory test 6.1.27.11).
      if (findings.length === 0)
        throw new AppError('conflict', 'This version has no open findings: a CSAF VEX needs at least one vulnerability to state.');
      const document = csafVex(product, findings, now, ctx.config.publicUrl);
      const tracking = (document.document as { tracking: { id: string } }).tracking;
      return { document, fileName: csafFileName(tracking.id), contentType: 'application/json' };
    }
  }
}
