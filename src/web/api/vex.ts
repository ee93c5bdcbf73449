// VEX of a product version: download the manufacturer's statements (CycloneDX, OpenVEX, CSAF), import a VEX file.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Vex from '../../shared/api/vex.ts';
import { ApiError, apiUrl, seg, uploadRaw } from './client.ts';
import { portfolioKey } from './portfolio.ts';
import { saveFile } from '../lib/save-file.ts';

/** The export formats. */
export type VexFormat = z.infer<typeof Vex.VexFormat>;
/** Answer of POST /product-versions/{id}/vex: what became of each statement. */
export type VexImportResult = z.infer<typeof Vex.VexImportResult>;
/** One statement of an import. */
export type VexImportItem = z.infer<typeof Vex.VexImportItem>;

/** The formats as offered, in order. */
export const vexFormatLabels: Record<VexFormat, string> = { cyclonedx: 'CycloneDX', openvex: 'OpenVEX', csaf: 'CSAF' };
/** What each format is, for the buttons' titles. */
export const vexFormatTitles: Record<VexFormat, string> = {
  cyclonedx: 'CycloneDX 1.5 VEX (JSON)',
  openvex: 'OpenVEX 0.2.0 (JSON)',
  csaf: 'CSAF 2.0 csaf_vex (JSON)',
};

/** The largest VEX file the server reads (64 MiB). */
export const MAX_VEX_BYTES = 64 * 1024 * 1024;

async function errorOf(response: Response): Promise<ApiError> {
  const payload = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  const e = payload?.error;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') return new ApiError(response.status, e.code, e.message);
  return new ApiError(response.status, 'http_error', `The export failed (HTTP ${response.status}).`);
}

/** GET /product-versions/{id}/vex?format=: fetches the document and saves it under the server's file name. */
async function downloadVex(versionId: string, format: VexFormat): Promise<string> {
  let response: Response;
  try {
    response = await fetch(apiUrl(`/product-versions/${seg(versionId)}/vex`, { format }), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the OpenISAO server. Check your connection and try again.');
  }
  if (!response.ok) throw await errorOf(response);
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `vex.${format}.json`;
  saveFile(await response.blob(), fileName);
  return fileName;
}

/** Downloads the VEX of a version in one format; the answer is the saved file's name. */
export function useExportVex(versionId: string) {
  return useMutation({ mutationFn: (format: VexFormat) => downloadVex(versionId, format) });
}

/** POST /product-versions/{id}/vex?fileName=: the file as the raw body; findings and counts change. */
export function useImportVex(versionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      if (file.size > MAX_VEX_BYTES)
        throw new ApiError(413, 'too_large', `${file.name} is larger than 64 MiB, the most a VEX file may be.`);
      if (file.size === 0) throw new ApiError(422, 'vex_invalid', `${file.name} is empty.`);
      return uploadRaw<VexImportResult>('POST', `/product-versions/${seg(versionId)}/vex`, { fileName: file.name }, file);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: portfolioKey }),
  });
}
