// An external vendor's side, through the one-time link it was emailed: opening the link, then its case (statements and
// its thread with the coordinators) through the case-scoped session cookie. Its own requests: no member session, no
// app-wide sign-in handling, the CSRF token from the case view.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '../../shared/api/cases.ts';
import type * as V from '../../shared/api/vendor-access.ts';
import { ApiError, apiUrl, seg } from './client.ts';

/** What the vendor sees of its case. */
export type VendorCaseView = z.infer<typeof V.VendorCaseView>;
/** Answer of POST /vendor-access. */
export type VendorAccessOpened = z.infer<typeof V.VendorAccessOpened>;
/** The vendor's thread with the coordinators. */
export type VendorThread = z.infer<typeof C.CaseThread>;
/** Body of PUT /vendor-access/cases/{id}/statements/{vulnerabilityId}. */
export type VendorStatementBody = z.input<typeof C.StatementBody>;

async function vendorRequest<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, csrfToken?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the OpenISAO server. Check your connection and try again.');
  }
  const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok)
    throw new ApiError(
      response.status,
      payload?.error?.code ?? 'http_error',
      payload?.error?.message ?? `The request failed (HTTP ${response.status}).`,
    );
  return payload as T;
}

const casePath = (id: string) => `/vendor-access/cases/${seg(id)}`;
const viewKey = (id: string) => ['vendor-case', id] as const;
const threadKey = (id: string) => [...viewKey(id), 'thread'] as const;

/** POST /vendor-access: exchanges the link's token for this browser's session on the case. */
export const openVendorLink = (token: string) => vendorRequest<VendorAccessOpened>('POST', '/vendor-access', { token });

/** GET /vendor-access/cases/{id}. */
export function useVendorCase(id: string) {
  return useQuery({ queryKey: viewKey(id), queryFn: () => vendorRequest<VendorCaseView>('GET', casePath(id)), retry: false });
}

/** PUT /vendor-access/cases/{id}/statements/{vulnerabilityId}: the answer replaces the cached case. */
export function useSaveVendorStatement(view: VendorCaseView, vulnerabilityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: VendorStatementBody) =>
      vendorRequest<VendorCaseView>('PUT', `${casePath(view.id)}/statements/${seg(vulnerabilityId)}`, body, view.access.csrfToken),
    onSuccess: (next) => queryClient.setQueryData(viewKey(view.id), next),
  });
}

/** GET /vendor-access/cases/{id}/thread (every minute while the page is open). */
export function useVendorThread(id: string) {
  return useQuery({
    queryKey: threadKey(id),
    queryFn: () => vendorRequest<VendorThread>('GET', `${casePath(id)}/thread`),
    refetchInterval: 60_000,
  });
}

/** POST /vendor-access/cases/{id}/thread. */
export function usePostToCoordinators(view: VendorCaseView) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => vendorRequest<VendorThread>('POST', `${casePath(view.id)}/thread`, { body }, view.access.csrfToken),
    onSuccess: (thread) => queryClient.setQueryData(threadKey(view.id), thread),
  });
}

/** POST /vendor-access/cases/{id}/sign-out: this browser's access ends. */
export function useVendorSignOut(view: VendorCaseView) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => vendorRequest<{ ok: true }>('POST', `${casePath(view.id)}/sign-out`, undefined, view.access.csrfToken),
    onSuccess: () => queryClient.removeQueries({ queryKey: viewKey(view.id) }),
  });
}
