// The one typed fetch client of the web UI: JSON in and out, CSRF header, errors as ApiError.

/** An error answer from the API (or a network failure, status 0), with the server's stable code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Error codes that mean "this person cannot be here right now", handled once for the whole app. */
export type AuthProblem = 'unauthenticated' | 'mfa_enrolment_required' | 'membership_pending';

let csrfToken: string | null = null;
let authProblemHandler: ((problem: AuthProblem) => void) | null = null;

/** Remembers the CSRF token from GET /me or the login answer; sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers who reacts to signed-out / MFA-required / pending answers (the router bridge in app.tsx). */
export function onAuthProblem(handler: ((problem: AuthProblem) => void) | null): void {
  authProblemHandler = handler;
}

/** Query-string values; undefined and empty strings are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined | null>;

/** Options of one request. */
export interface RequestOptions {
  body?: unknown;
  query?: QueryParams;
  /** Do not report auth problems to the app-wide handler (used by GET /me itself). */
  quiet?: boolean;
}

const API_PREFIX = '/api/v1';

/** Builds "/api/v1/path?x=1" from a path and optional query values. */
export function apiUrl(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_PREFIX}${path}${qs ? `?${qs}` : ''}`;
}

async function parseError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // not JSON: fall through to a generic message
  }
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const details = error.details && typeof error.details === 'object' ? (error.details as Record<string, unknown>) : undefined;
    return new ApiError(response.status, error.code, error.message, details);
  }
  const message =
    response.status >= 500
      ? 'The server could not handle this request. Try again in a moment.'
      : `The request failed (HTTP ${response.status}).`;
  return new ApiError(response.status, response.status >= 500 ? 'internal_error' : 'http_error', message);
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the OpenISAO server. Check your connection and try again.');
  }
}

/** Fetches a fresh CSRF token from GET /me (after a csrf_failed answer, e.g. when the session rotated). */
async function refreshCsrfToken(): Promise<boolean> {
  const response = await send('GET', '/me', {});
  if (!response.ok) return false;
  const me = (await response.json()) as { csrfToken?: string | null };
  setCsrfToken(me.csrfToken ?? null);
  return Boolean(me.csrfToken);
}

/** Sends one request and returns the parsed JSON answer (undefined for 204), or throws ApiError. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  if (response.status === 403 && method !== 'GET') {
    const error = await parseError(response.clone());
    if (error.code === 'csrf_failed' && (await refreshCsrfToken())) response = await send(method, path, options);
  }
  if (!response.ok) {
    const error = await parseError(response);
    if (!options.quiet && authProblemHandler && isAuthProblem(error.code)) authProblemHandler(error.code);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function isAuthProblem(code: string): code is AuthProblem {
  return code === 'unauthenticated' || code === 'mfa_enrolment_required' || code === 'membership_pending';
}

/**
 * Shorthands for the HTTP verbs. Convention for the hooks in api/*: mutations refresh related queries without
 * awaiting them (`void invalidateQueries`), so the caller's own onSuccess runs before a refetch can unmount it.
 */
export const api = {
  get: <T>(path: string, query?: QueryParams, quiet?: boolean) => request<T>('GET', path, { query, quiet }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Parses an error answer given as text (from an XMLHttpRequest) the same way as a fetch answer. */
function errorFromText(status: number, text: string): Promise<ApiError> {
  return parseError(new Response(text || null, { status, headers: { 'Content-Type': 'application/json' } }));
}

function sendRaw(
  method: string,
  url: string,
  body: Blob,
  onProgress?: (fraction: number) => void,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Cannot reach the OpenISAO server. Check your connection and try again.'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    xhr.send(body);
  });
}

/**
 * Sends a file as the raw request body (application/octet-stream), reporting upload progress (0..1).
 * Uses XMLHttpRequest because fetch cannot report upload progress; CSRF and errors work as in `request`.
 */
export async function uploadRaw<T>(
  method: string,
  path: string,
  query: QueryParams,
  body: Blob,
  onProgress?: (fraction: number) => void,
): Promise<T> {
  const url = apiUrl(path, query);
  let answer = await sendRaw(method, url, body, onProgress);
  if (answer.status === 403) {
    const error = await errorFromText(answer.status, answer.text);
    if (error.code === 'csrf_failed' && (await refreshCsrfToken())) answer = await sendRaw(method, url, body, onProgress);
  }
  if (answer.status < 200 || answer.status >= 300) {
    const error = await errorFromText(answer.status, answer.text);
    if (authProblemHandler && isAuthProblem(error.code)) authProblemHandler(error.code);
    throw error;
  }
  return (answer.text ? JSON.parse(answer.text) : undefined) as T;
}

/** A user-facing message for anything thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** Encodes one path segment (ids, tokens). */
export const seg = (value: string) => encodeURIComponent(value);
