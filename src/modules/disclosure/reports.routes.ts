import { FileDownload, sendFile } from '../../server/http/file-download.ts';
import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { IdParams } from '../../shared/api/common.ts';
import * as R from '../../shared/api/reports.ts';
import { encryptedOriginal } from './encrypted-original.ts';
import { reportKey } from './report-encryption.ts';
import { directorySuggestions, issueChallenge, submitReport } from './report-intake.ts';
import { MAX_ATTACHMENT_BYTES, reporterAttach, reporterDownload, reporterReply, trackReport } from './report-tracking.ts';
import {
  coordinatorAttach,
  coordinatorDownload,
  coordinatorMessage,
  decideReport,
  getProgram,
  getReport,
  reportQueue,
  updateProgram,
} from './triage.service.ts';
import { z } from 'zod';

const tags = ['reports'];
const attachmentBody = { maxBytes: MAX_ATTACHMENT_BYTES, description: 'the file, Content-Type: application/octet-stream (at most 10 MB)' };

/** Reports from anyone (no account), the reporter's tracking link, and the coordinators' triage. */
export const reportRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/challenge',
    summary:
      'A proof-of-work challenge for one report: find a nonce so that SHA-256(challenge + ":" + nonce) starts with `difficulty` zero bits',
    tags,
    auth: 'public',
    response: R.ReportChallenge,
    handler: async ({ ctx, ip }) => issueChallenge(ctx, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/suggestions',
    summary: 'Manufacturers of the member directory (and their public products) matching a name, for the report form',
    tags,
    auth: 'public',
    query: R.SuggestionQuery,
    response: R.DirectorySuggestions,
    handler: async ({ ctx, query }) => directorySuggestions(ctx, query.q),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/openpgp-key',
    summary:
      'The ISAO’s OpenPGP public key, ASCII-armored (text/plain), to encrypt a report to: `gpg --armor --encrypt --recipient <fingerprint>`',
    tags,
    auth: 'public',
    response: z.string().describe('the armored public key'),
    handler: async ({ ctx, reply }) => {
      reply.header('content-type', 'text/plain; charset=utf-8');
      return (await reportKey(ctx)).publicKey;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/openpgp-key.json',
    summary: 'The ISAO’s OpenPGP key with its fingerprint and the subkey a report is encrypted to',
    tags,
    auth: 'public',
    response: R.ReportKey,
    handler: async ({ ctx }) => reportKey(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports',
    summary:
      'Report a vulnerability (no account needed): answers with a reference and the private tracking token, shown once. ' +
      'The details may come as `encryptedMessage`, ASCII-armored and encrypted to GET /api/v1/reports/openpgp-key ' +
      '(422 `pgp_*` when it is not a message, not encrypted, not to this key or not UTF-8 text; 413 when it decrypts to too much)',
    tags,
    auth: 'public',
    body: R.NewReport,
    response: R.ReportReceipt,
    status: 201,
    handler: async ({ ctx, body, ip }) => submitReport(ctx, body, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/track/:token',
    summary: 'The reporter’s view of a report, by its private tracking token',
    tags,
    auth: 'public',
    params: R.TrackingParams,
    response: R.ReporterView,
    handler: async ({ ctx, params, ip }) => trackReport(ctx, params.token, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/track/:token/messages',
    summary: 'The reporter answers or adds information, in clear (`body`) or encrypted to the ISAO’s key (`encryptedMessage`)',
    tags,
    auth: 'public',
    params: R.TrackingParams,
    body: R.ReporterMessageBody,
    response: R.ReporterView,
    status: 201,
    handler: async ({ ctx, params, body, ip }) => reporterReply(ctx, params.token, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/track/:token/attachments',
    summary: 'The reporter adds a file (at most 10 MB, 10 per report; stored with its SHA-256, never shown inline)',
    tags,
    auth: 'public',
    params: R.TrackingParams,
    query: R.AttachmentQuery,
    rawBody: attachmentBody,
    response: R.ReporterView,
    status: 201,
    handler: async ({ ctx, params, query, req, ip }) => reporterAttach(ctx, params.token, req.body as Buffer, query.fileName, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/track/:token/attachments/:attachmentId',
    summary: 'Download one of the report’s files (as an attachment)',
    tags,
    auth: 'public',
    params: R.TrackingAttachmentParams,
    response: FileDownload,
    handler: async ({ ctx, params, ip, reply }) => sendFile(reply, await reporterDownload(ctx, params.token, params.attachmentId, ip)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports',
    summary: 'The triage queue with service-level timers (ISAO coordinators and platform admins)',
    tags,
    auth: 'member',
    query: R.ReportQueueQuery,
    response: R.ReportQueue,
    handler: async ({ actor, ctx, query }) => reportQueue(ctx, actor!, query.status),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/:id',
    summary: 'One report in full, with internal notes (ISAO coordinators and platform admins)',
    tags,
    auth: 'member',
    params: IdParams,
    response: R.ReportDetail,
    handler: async ({ actor, ctx, params }) => getReport(ctx, actor!, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/messages',
    summary: 'Write to the reporter (acknowledges the report) or add an internal note',
    tags,
    auth: 'member',
    params: IdParams,
    body: R.CoordinatorMessageBody,
    response: R.ReportDetail,
    status: 201,
    handler: async ({ actor, ctx, params, body, ip }) => coordinatorMessage(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/decision',
    summary: 'Accept, ask for more information, reject (with a reason the reporter sees) or merge into another report',
    tags,
    auth: 'member',
    params: IdParams,
    body: R.DecisionBody,
    response: R.ReportDetail,
    handler: async ({ actor, ctx, params, body, ip }) => decideReport(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/attachments',
    summary: 'A coordinator adds a file to a report',
    tags,
    auth: 'member',
    params: IdParams,
    query: R.AttachmentQuery,
    rawBody: attachmentBody,
    response: R.ReportDetail,
    status: 201,
    handler: async ({ actor, ctx, params, query, req, ip }) =>
      coordinatorAttach(ctx, actor!, params.id, req.body as Buffer, query.fileName, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/:id/attachments/:attachmentId',
    summary: 'Download a report’s file (audited)',
    tags,
    auth: 'member',
    params: z.strictObject({ id: IdParams.shape.id, attachmentId: IdParams.shape.id }),
    response: FileDownload,
    handler: async ({ actor, ctx, params, ip, reply }) =>
      sendFile(reply, await coordinatorDownload(ctx, actor!, params.id, params.attachmentId, ip)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/:id/encrypted-message',
    summary: 'Download the armored original of a report (or of the reply `messageId`) that arrived OpenPGP-encrypted (audited)',
    tags,
    auth: 'member',
    params: IdParams,
    query: R.EncryptedOriginalQuery,
    response: FileDownload,
    handler: async ({ actor, ctx, params, query, ip, reply }) =>
      sendFile(reply, await encryptedOriginal(ctx, actor!, params.id, query.messageId, ip)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cvd-program',
    summary: 'The disclosure program’s service levels (hours to acknowledge, triage, first vendor contact)',
    tags,
    auth: 'member',
    response: R.ProgramSettings,
    handler: async ({ actor, ctx }) => getProgram(ctx, actor!),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/cvd-program',
    summary: 'Change the service levels (platform admins)',
    tags,
    auth: 'member',
    body: R.UpdateProgramBody,
    response: R.ProgramSettings,
    handler: async ({ actor, ctx, body, ip }) => updateProgram(ctx, actor!, body, ip),
  }),
];
