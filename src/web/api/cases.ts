// Disclosure cases: the list, one case, and what coordinators (state, vulnerabilities, vendors) and vendors (their
// statements) change on it. Every mutation answers with the whole case, which replaces the cached one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '../../shared/api/cases.ts';
import { api, apiUrl, seg } from './client.ts';

/** One case of the list. */
export type CaseSummary = z.infer<typeof C.CaseSummary>;
/** One case in full, as this reader may see it. */
export type CaseDetail = z.infer<typeof C.CaseDetail>;
/** received | verified | remediation | release | post_release | closed. */
export type CaseState = z.infer<typeof C.CaseState>;
/** One vulnerability of a case, with its computed CVSS scores. */
export type CaseVulnerability = z.infer<typeof C.CaseVulnerability>;
/** One vendor of a case with the statements this reader may see. */
export type CaseVendor = z.infer<typeof C.CaseVendor>;
/** A vendor's statement on one vulnerability. */
export type VendorStatement = z.infer<typeof C.VendorStatement>;
/** under_investigation | affected | not_affected | fixed. */
export type VendorStatus = z.infer<typeof C.VendorStatus>;
/** One entry of a case's change log. */
export type CaseEvent = z.infer<typeof C.CaseEvent>;
/** Body of POST /cases. */
export type CreateCaseBody = z.input<typeof C.CreateCaseBody>;
/** Body of PATCH /cases/{id}. */
export type UpdateCaseBody = z.input<typeof C.UpdateCaseBody>;
/** Body of POST /cases/{id}/transition. */
export type TransitionBody = z.input<typeof C.TransitionBody>;
/** Body of POST /cases/{id}/vulnerabilities and PATCH …/vulnerabilities/{vulnerabilityId}. */
export type VulnerabilityBody = z.input<typeof C.VulnerabilityBody>;
/** Body of PUT /cases/{id}/statements/{vulnerabilityId}. */
export type StatementBody = z.input<typeof C.StatementBody>;
/** Answer of GET /cases/{id}/threads: the threads I may read with unread counts, and the change-log entries new to me. */
export type CaseThreads = z.infer<typeof C.CaseThreads>;
/** One vendor thread in the list. */
export type CaseThreadSummary = CaseThreads['threads'][number];
/** Answer of GET /cases/{id}/threads/{orgId}. */
export type CaseThread = z.infer<typeof C.CaseThread>;
/** One post of a thread. */
export type CasePost = CaseThread['posts'][number];

const casesKey = ['cases'] as const;
const caseKey = (id: string) => [...casesKey, 'one', id] as const;
const casePath = (id: string) => `/cases/${seg(id)}`;
/** The key of everything a case's discussion holds (its thread list and each thread). */
export const threadsKey = (id: string) => [...caseKey(id), 'threads'] as const;
const threadKey = (id: string, orgId: string) => [...threadsKey(id), orgId] as const;

/** GET /cases. */
export function useCases() {
  return useQuery({ queryKey: [...casesKey, 'list'], queryFn: () => api.get<{ items: CaseSummary[] }>('/cases') });
}

/** GET /cases/{id}. */
export function useCase(id: string) {
  return useQuery({ queryKey: caseKey(id), queryFn: () => api.get<CaseDetail>(casePath(id)) });
}

/** Stores an answered case and marks the list stale. */
function useStoreCase() {
  const queryClient = useQueryClient();
  return (detail: CaseDetail) => {
    queryClient.setQueryData(caseKey(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: [...casesKey, 'list'] });
  };
}

/** POST /cases (ISAO staff); the reports it coordinates leave the accepted queue. */
export function useCreateCase() {
  const store = useStoreCase();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCaseBody) => api.post<CaseDetail>('/cases', body),
    onSuccess: (detail) => {
      store(detail);
      void queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });
}

/** PATCH /cases/{id}: title and summary (ISAO staff). */
export function useUpdateCase(id: string) {
  const store = useStoreCase();
  return useMutation({ mutationFn: (body: UpdateCaseBody) => api.patch<CaseDetail>(casePath(id), body), onSuccess: store });
}

/** POST /cases/{id}/transition (ISAO staff). */
export function useTransitionCase(id: string) {
  const store = useStoreCase();
  return useMutation({
    mutationFn: (body: TransitionBody) => api.post<CaseDetail>(`${casePath(id)}/transition`, body),
    onSuccess: store,
  });
}

/** POST /cases/{id}/vulnerabilities, or PATCH …/vulnerabilities/{vulnerabilityId} when editing (ISAO staff). */
export function useSaveVulnerability(id: string, vulnerabilityId: string | null) {
  const store = useStoreCase();
  return useMutation({
    mutationFn: (body: VulnerabilityBody) =>
      vulnerabilityId
        ? api.patch<CaseDetail>(`${casePath(id)}/vulnerabilities/${seg(vulnerabilityId)}`, body)
        : api.post<CaseDetail>(`${casePath(id)}/vulnerabilities`, body),
    onSuccess: store,
  });
}

/** POST /cases/{id}/vendors (ISAO staff): the vendor's people are emailed. */
export function useAddVendor(id: string) {
  const store = useStoreCase();
  return useMutation({
    mutationFn: (orgId: string) => api.post<CaseDetail>(`${casePath(id)}/vendors`, { orgId }),
    onSuccess: store,
  });
}

/** Body of POST /cases/{id}/external-vendors. */
export type AddExternalVendorBody = z.input<typeof C.AddExternalVendorBody>;
/** A vendor that is not a member (coordinators only): its contact and its link's state. */
export type ExternalVendor = z.infer<typeof C.ExternalVendor>;

/** POST /cases/{id}/external-vendors (ISAO staff): the contact is emailed a one-time link. */
export function useAddExternalVendor(id: string) {
  const store = useStoreCase();
  return useMutation({
    mutationFn: (body: AddExternalVendorBody) => api.post<CaseDetail>(`${casePath(id)}/external-vendors`, body),
    onSuccess: store,
  });
}

/** POST /cases/{id}/external-vendors/{orgId}/link (ISAO staff): a new link replaces the previous one. */
export function useSendVendorLink(id: string, orgId: string) {
  const store = useStoreCase();
  return useMutation({
    mutationFn: (body: z.input<typeof C.NewVendorLinkBody>) =>
      api.post<CaseDetail>(`${casePath(id)}/external-vendors/${seg(orgId)}/link`, body),
    onSuccess: store,
  });
}

/** PUT /cases/{id}/statements/{vulnerabilityId} (people of a vendor in the case who may write). */
export function useSaveStatement(id: string, vulnerabilityId: string) {
  const store = useStoreCase();
  return useMutation({
    mutationFn: (body: StatementBody) => api.put<CaseDetail>(`${casePath(id)}/statements/${seg(vulnerabilityId)}`, body),
    onSuccess: store,
  });
}

/** GET /cases/{id}/threads: unread counts per thread and how many change-log entries are new to me (every minute). */
export function useCaseThreads(id: string) {
  return useQuery({
    queryKey: threadsKey(id),
    queryFn: () => api.get<CaseThreads>(`${casePath(id)}/threads`),
    // New messages show up while the page stays open.
    refetchInterval: 60_000,
  });
}

/** GET /cases/{id}/threads/{orgId}: one vendor thread, posts I have not seen marked new. */
export function useCaseThread(id: string, orgId: string) {
  return useQuery({
    queryKey: threadKey(id, orgId),
    queryFn: () => api.get<CaseThread>(`${casePath(id)}/threads/${seg(orgId)}`),
  });
}

/** POST /cases/{id}/threads/{orgId}/posts (ISAO coordinators, and the vendor's people who may write). */
export function usePostInThread(id: string, orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.post<CaseThread>(`${casePath(id)}/threads/${seg(orgId)}/posts`, { body }),
    onSuccess: (thread) => {
      queryClient.setQueryData(threadKey(id, orgId), thread);
      void queryClient.invalidateQueries({ queryKey: threadsKey(id), exact: true });
    },
  });
}

/** POST /cases/{id}/seen without a hook (also when the page is being left); store the answer under `threadsKey`. */
export function postSeen(id: string, body: { thread: string; position: number }): Promise<CaseThreads> {
  return api.post<CaseThreads>(`${casePath(id)}/seen`, body);
}

/** POST /cases/{id}/seen while the page is being unloaded (a reload, another site, a closed tab): fire and forget. */
export function sendSeenOnLeave(id: string, body: { thread: string; position: number }, csrfToken: string | null): void {
  void fetch(apiUrl(`${casePath(id)}/seen`), {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
    body: JSON.stringify(body),
  }).catch(() => undefined);
}

/** POST /cases/{id}/seen: I have read a thread (its organisation id) or the change log ("events") up to a position. */
export function useMarkSeen(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { thread: string; position: number }) => postSeen(id, body),
    onSuccess: (threads) => queryClient.setQueryData(threadsKey(id), threads),
  });
}
