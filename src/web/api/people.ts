// Queries and mutations for people: my organisation's people, invitations, agreements, the directory.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg } from './client.ts';
import type {
  AgreementAcceptanceList,
  CreateInvitationBody,
  CreatedInvitation,
  DirectoryPeople,
  InvitationList,
  PersonItem,
  PersonList,
  UpdatePersonBody,
} from './types.ts';

/** GET /organisations/{id}/people (org admins). */
export function usePeople(orgId: string) {
  return useQuery({
    queryKey: ['organisations', 'people', orgId],
    queryFn: () => api.get<PersonList>(`/organisations/${seg(orgId)}/people`),
  });
}

/** PATCH /people/{id}: roles and active/disabled. */
export function useUpdatePerson(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdatePersonBody }) => api.patch<PersonItem>(`/people/${seg(id)}`, body),
    // Put the server's answer in place at once, so the row never shows the old roles while refetching.
    onSuccess: (updated) => {
      queryClient.setQueryData<PersonList>(['organisations', 'people', orgId], (list) =>
        list ? { items: list.items.map((p) => (p.id === updated.id ? updated : p)) } : list,
      );
      void queryClient.invalidateQueries({ queryKey: ['organisations', 'people', orgId] });
    },
  });
}

/** GET /people?q=: people of other member organisations, to name TLP:RED recipients. */
export function useDirectoryPeople(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ['people', 'directory', term],
    queryFn: () => api.get<DirectoryPeople>('/people', { q: term }),
    enabled: term.length >= 2,
    staleTime: 30_000,
  });
}

/** GET /organisations/{id}/invitations. */
export function useInvitations(orgId: string) {
  return useQuery({
    queryKey: ['organisations', 'invitations', orgId],
    queryFn: () => api.get<InvitationList>(`/organisations/${seg(orgId)}/invitations`),
  });
}

/** POST /organisations/{id}/invitations: answers whether the invitation could be emailed. */
export function useCreateInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitationBody) => api.post<CreatedInvitation>(`/organisations/${seg(orgId)}/invitations`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['organisations', 'invitations', orgId] }),
  });
}

/** DELETE /invitations/{id}: the link stops working. */
export function useRevokeInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/invitations/${seg(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['organisations', 'invitations', orgId] }),
  });
}

/** GET /organisations/{id}/agreements: who accepted which agreement version, when, from where. */
export function useAgreementAcceptances(orgId: string) {
  return useQuery({
    queryKey: ['organisations', 'agreements', orgId],
    queryFn: () => api.get<AgreementAcceptanceList>(`/organisations/${seg(orgId)}/agreements`),
  });
}
