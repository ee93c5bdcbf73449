import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** The OpenAPI description of a download response. */
export const FileDownload = z.string().describe('the file, as an attachment');

/** Attachments are downloads, never rendered: the sniffed type only as a hint, octet-stream on the wire. */
export function sendFile(reply: FastifyReply, file: { fileName: string; sha256: string; content: Buffer }) {
  reply.header('content-type', 'application/octet-stream');
  reply.header(
    'content-disposition',
    `attachment; filename="${file.fileName.replace(/[^\w.\- ]+/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  );
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-checksum-sha256', file.sha256);
  reply.header('cache-control', 'no-store');
  return file.content as unknown as string;
}
