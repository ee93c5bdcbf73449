// Vulnerability reports: the public form (challenge, suggestions, sending), the reporter's tracking link, and the
// coordinators' triage queue, report, messages, decisions, files and service levels.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as R from '../../shared/api/reports.ts';
import { ApiError, api, apiUrl, seg, uploadRaw } from './client.ts';
import { saveFile } from '../lib/save-file.ts';

/** Answer of GET /reports/challenge. */
export type ReportChallenge = z.infer<typeof R.ReportChallenge>;
/** Body of POST /reports. */
export type NewReport = z.input<typeof R.NewReport>;
/** Answer of POST /reports: the reference and the private tracking link, shown once. */
export type ReportReceipt = z.infer<typeof R.ReportReceipt>;
/** What the reporter sees through the tracking link. */
export type ReporterView = z.infer<typeof R.ReporterView>;
/** received | needs_info | accepted | rejected | merged. */
export type ReportStatus = z.infer<typeof R.ReportStatus>;
/** One message of a report's conversation. */
export type ReportMessage = ReporterView['messages'][number];
/** One file of a report. */
export type ReportAttachment = z.infer<typeof R.Attachment>;
/** One report of the triage queue. */
export type ReportSummary = z.infer<typeof R.ReportSummary>;
/** One report in full, for coordinators. */
export type ReportDetail = z.infer<typeof R.ReportDetail>;
/** Body of POST /reports/{id}/decision. */
export type DecisionBody = z.input<typeof R.DecisionBody>;
/** The disclosure program's service levels. */
export type ProgramSettings = z.infer<typeof R.ProgramSettings>;
/** Body of PATCH /cvd-program. */
export type UpdateProgramBody = z.input<typeof R.UpdateProgramBody>;
/** One manufacturer of the member directory with its public products. */
export type DirectorySuggestion = z.infer<typeof R.DirectorySuggestions>['items'][number];
/** The ISAO's OpenPGP key, to encrypt a report to. */
export type ReportKey = z.infer<typeof R.ReportKey>;
/** Body of POST /reports/track/{token}/messages: in clear or encrypted. */
export type ReporterReply = z.input<typeof R.ReporterMessageBody>;

/** An error answer of the public report endpoints, with the Retry-After of a 429 (seconds), if any. */
export class ReportApiError extends ApiError {
  readonly retryAfterSeconds: number | null;
  constructor(status: number, code: string, message: string, details: Record<string, unknown> | undefined, retryAfter: number | null) {
    super(status, code, message, details);
    this.retryAfterSeconds = retryAfter;
  }
}

async function toError(response: Response): Promise<ReportApiError> {
  const retry = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // not JSON
  }
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const details = error.details && typeof error.details === 'object' ? (error.details as Record<string, unknown>) : undefined;
    return new ReportApiError(response.status, error.code, error.message, details, retryAfter);
  }
  const message =
    response.status >= 500
      ? 'The server could not handle this request. Try again in a moment.'
      : `The request failed (HTTP ${response.status}).`;
  return new ReportApiError(response.status, 'http_error', message, undefined, retryAfter);
}

/**
 * A request to the public report endpoints without the session cookie: a report is never tied to the account of
 * whoever happens to be signed in, and no CSRF token is needed.
 */
async function publicRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown, query?: Record<string, string>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      credentials: 'omit',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ReportApiError(0, 'network_error', 'Cannot reach the OpenISAO server. Check your connection and try again.', undefined, null);
  }
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

/** GET /reports/challenge: a fresh proof-of-work challenge (usable once). */
export const fetchChallenge = () => publicRequest<ReportChallenge>('GET', '/reports/challenge');

/** POST /reports. */
export const sendReport = (body: NewReport) => publicRequest<ReportReceipt>('POST', '/reports', body);

/** The armored public key as text, for a download link. */
export const reportKeyUrl = () => apiUrl('/reports/openpgp-key');

/** GET /reports/openpgp-key.json: the key's fingerprint and encryption subkey. */
export function useReportKey() {
  return useQuery({
    queryKey: ['report-key'],
    queryFn: () => publicRequest<ReportKey>('GET', '/reports/openpgp-key.json'),
    staleTime: 3_600_000,
  });
}

/** GET /reports/suggestions?q=: member manufacturers (and their public products) matching at least two characters. */
export function useReportSuggestions(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['report-suggestions', text.toLowerCase()],
    queryFn: () => publicRequest<{ items: DirectorySuggestion[] }>('GET', '/reports/suggestions', undefined, { q: text.slice(0, 100) }),
    enabled: text.length >= 2,
    staleTime: 60_000,
  });
}

// ---------- The reporter, through the tracking token ----------

const trackKey = (token: string) => ['report-track', token] as const;
const trackPath = (token: string) => `/reports/track/${seg(token)}`;

/** GET /reports/track/{token}. */
export function useTrackedReport(token: string) {
  return useQuery({
    queryKey: trackKey(token),
    queryFn: () => publicRequest<ReporterView>('GET', trackPath(token)),
    enabled: token.length > 0,
    retry: false,
  });
}

/** POST /reports/track/{token}/messages. */
export function useTrackReply(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReporterReply) => publicRequest<ReporterView>('POST', `${trackPath(token)}/messages`, body),
    onSuccess: (view) => queryClient.setQueryData(trackKey(token), view),
  });
}

/** The server's limits on files: 10 MB each, 10 per report. */
export const MAX_REPORT_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_REPORT_FILES = 10;

/** A reason a file cannot be sent, or null. */
export function fileProblem(file: File): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_REPORT_FILE_BYTES) return `${file.name} is larger than 10 MB, the most one file may be.`;
  return null;
}

function checkFile(file: File): void {
  const problem = fileProblem(file);
  if (problem) throw new ApiError(413, 'payload_too_large', problem);
}

/** POST /reports/track/{token}/attachments?fileName=: one file as the raw body, with upload progress (0..1). */
export async function uploadTrackingFile(token: string, file: File, onProgress?: (fraction: number) => void): Promise<ReporterView> {
  checkFile(file);
  return uploadRaw<ReporterView>('POST', `${trackPath(token)}/attachments`, { fileName: file.name.slice(0, 200) }, file, onProgress);
}

/** Stores the answer of an upload as the tracking page's data. */
export function useSetTrackedReport(token: string) {
  const queryClient = useQueryClient();
  return (view: ReporterView) => queryClient.setQueryData(trackKey(token), view);
}

/**
 * Downloads a file of the report through the tracking token. Fetched and saved from memory, so the token never
 * lands in the browser's download list.
 */
export async function downloadTrackingFile(token: string, file: ReportAttachment): Promise<void> {
  let response: Response;
  try {
    response = await fetch(apiUrl(`${trackPath(token)}/attachments/${seg(file.id)}`), { credentials: 'omit' });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the OpenISAO server. Check your connection and try again.');
  }
  if (!response.ok) throw await toError(response);
  saveFile(await response.blob(), file.fileName);
}

// ---------- Coordinators ----------

const reportsKey = ['reports'] as const;

/** GET /reports?status=: the triage queue. */
export function useReportQueue(status?: ReportStatus) {
  return useQuery({
    queryKey: [...reportsKey, 'queue', status ?? 'all'],
    queryFn: () => api.get<{ items: ReportSummary[] }>('/reports', { status }),
    // A work list that reporters change at any time: fresh on every visit, and refreshed while open.
    staleTime: 0,
    refetchOnWindowFocus: true,
    refetchInterval: 60_000,
  });
}

/** GET /reports/{id}. */
export function useReport(id: string) {
  return useQuery({
    queryKey: [...reportsKey, 'one', id],
    queryFn: () => api.get<ReportDetail>(`/reports/${seg(id)}`),
    staleTime: 0,
    refetchOnWindowFocus: true,
  });
}

function useStoreReport(id: string) {
  const queryClient = useQueryClient();
  return (detail: ReportDetail) => {
    queryClient.setQueryData([...reportsKey, 'one', id], detail);
    void queryClient.invalidateQueries({ queryKey: [...reportsKey, 'queue'] });
  };
}

/** POST /reports/{id}/messages: to the reporter, or an internal note. */
export function useCoordinatorMessage(id: string) {
  const store = useStoreReport(id);
  return useMutation({
    mutationFn: (body: { body: string; internal: boolean }) => api.post<ReportDetail>(`/reports/${seg(id)}/messages`, body),
    onSuccess: store,
  });
}

/** POST /reports/{id}/decision. */
export function useDecideReport(id: string) {
  const store = useStoreReport(id);
  return useMutation({
    mutationFn: (body: DecisionBody) => api.post<ReportDetail>(`/reports/${seg(id)}/decision`, body),
    onSuccess: store,
  });
}

/** Stores the answer of a coordinator's upload as the report's data. */
export const useStoreReportDetail = useStoreReport;

/** POST /reports/{id}/attachments?fileName=. */
export async function uploadReportFile(id: string, file: File, onProgress?: (fraction: number) => void): Promise<ReportDetail> {
  checkFile(file);
  return uploadRaw<ReportDetail>('POST', `/reports/${seg(id)}/attachments`, { fileName: file.name.slice(0, 200) }, file, onProgress);
}

/** The download address of a report's file (signed-in coordinators; audited). */
export function reportFileUrl(id: string, attachmentId: string): string {
  return apiUrl(`/reports/${seg(id)}/attachments/${seg(attachmentId)}`);
}

/** The download address of the armored original of an encrypted report, or of one of its replies (audited). */
export function encryptedOriginalUrl(id: string, messageId?: string): string {
  return apiUrl(`/reports/${seg(id)}/encrypted-message`, { messageId });
}

/** GET /cvd-program. */
export function useCvdProgram() {
  return useQuery({ queryKey: [...reportsKey, 'program'], queryFn: () => api.get<ProgramSettings>('/cvd-program') });
}

/** PATCH /cvd-program (platform admins). */
export function useUpdateCvdProgram() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProgramBody) => api.patch<ProgramSettings>('/cvd-program', body),
    onSuccess: (program) => {
      queryClient.setQueryData([...reportsKey, 'program'], program);
      void queryClient.invalidateQueries({ queryKey: [...reportsKey, 'queue'] });
      void queryClient.invalidateQueries({ queryKey: [...reportsKey, 'one'] });
    },
  });
}
