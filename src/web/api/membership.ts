// Queries and mutations for joining: the agreement, applications, invitations by link.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg } from './client.ts';
import { rememberMe } from './me.ts';
import type {
  AcceptInvitationBody,
  Agreement,
  ApplicationList,
  ApplicationReceived,
  ApplicationStatus,
  ApplyBody,
  InvitationPreview,
  Me,
} from './types.ts';

/** GET /agreement: the participant agreement new members accept. */
export function useAgreement() {
  return useQuery({ queryKey: ['agreement'], queryFn: () => api.get<Agreement>('/agreement'), staleTime: Infinity });
}

/** POST /applications: emails the applicant a link to confirm the application. */
export function useApply() {
  return useMutation({ mutationFn: (body: ApplyBody) => api.post<ApplicationReceived>('/applications', body) });
}

/** POST /applications/confirm/{token}: the emailed link; creates the pending organisation and signs the applicant in. */
export function useConfirmApplication(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Me>(`/applications/confirm/${seg(token)}`, {}),
    onSuccess: (me) => rememberMe(queryClient, me),
  });
}

/** GET /applications?status=: the operator's review queue. */
export function useApplications(status: ApplicationStatus) {
  return useQuery({
    queryKey: ['applications', status],
    queryFn: () => api.get<ApplicationList>('/applications', { status }),
  });
}

/** POST /applications/{id}/approve or /reject (a reason is required to reject). */
export function useDecideApplication() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: string; decision: 'approve' | 'reject'; reason?: string }) =>
      api.post<unknown>(`/applications/${seg(id)}/${decision}`, decision === 'reject' ? { reason } : {}),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['applications'] });
      void queryClient.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
}

/** GET /invitations/by-token/{token}: which organisation and email the link is for. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => api.get<InvitationPreview>(`/invitations/by-token/${seg(token)}`),
    retry: false,
  });
}

/** POST /invitations/by-token/{token}/accept: creates the account and signs it in. */
export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInvitationBody) => api.post<Me>(`/invitations/by-token/${seg(token)}/accept`, body),
    onSuccess: (me) => rememberMe(queryClient, me),
  });
}
