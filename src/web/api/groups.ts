// Queries and mutations for sharing groups and their members.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg } from './client.ts';
import type { CreateGroupBody, SharingGroup, SharingGroupList, UpdateGroupBody } from './types.ts';

const groupsKey = ['sharing-groups'] as const;

/** GET /sharing-groups: groups I belong to or manage. */
export function useGroups() {
  return useQuery({ queryKey: [...groupsKey, 'list'], queryFn: () => api.get<SharingGroupList>('/sharing-groups') });
}

/** GET /sharing-groups/{id}: members is null when confidential and I do not manage it. */
export function useGroup(id: string) {
  return useQuery({ queryKey: [...groupsKey, 'one', id], queryFn: () => api.get<SharingGroup>(`/sharing-groups/${seg(id)}`) });
}

/** POST /sharing-groups. */
export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateGroupBody) => api.post<SharingGroup>('/sharing-groups', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: groupsKey }),
  });
}

/** PATCH /sharing-groups/{id}. */
export function useUpdateGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateGroupBody) => api.patch<SharingGroup>(`/sharing-groups/${seg(id)}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: groupsKey }),
  });
}

/** POST /sharing-groups/{id}/members and DELETE /sharing-groups/{id}/members/{orgId}. */
export function useGroupMembership(id: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => void queryClient.invalidateQueries({ queryKey: groupsKey });
  const add = useMutation({
    mutationFn: (orgId: string) => api.post<unknown>(`/sharing-groups/${seg(id)}/members`, { orgId }),
    onSuccess,
  });
  const remove = useMutation({
    mutationFn: (orgId: string) => api.delete<unknown>(`/sharing-groups/${seg(id)}/members/${seg(orgId)}`),
    onSuccess,
  });
  return { add, remove };
}
