// Queries and mutations for organisations: the member directory, my organisation, operator admin.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrgStatus } from '../../shared/vocabulary.ts';
import { api, seg } from './client.ts';
import { meKey } from './me.ts';
import type { CreateOrganisationBody, OrganisationItem, OrganisationList, UpdateOrganisationBody } from './types.ts';

const organisationsKey = ['organisations'] as const;

/** GET /organisations: the member directory (operator admins may filter by status). */
export function useOrganisations(status?: OrgStatus) {
  return useQuery({
    queryKey: [...organisationsKey, 'list', status ?? 'default'],
    queryFn: () => api.get<OrganisationList>('/organisations', { status }),
  });
}

/** GET /organisations/{id}. */
export function useOrganisation(id: string) {
  return useQuery({
    queryKey: [...organisationsKey, 'one', id],
    queryFn: () => api.get<OrganisationItem>(`/organisations/${seg(id)}`),
  });
}

/** PATCH /organisations/{id}: requireMfa, website, country (org admins of that organisation). */
export function useUpdateOrganisation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrganisationBody) => api.patch<OrganisationItem>(`/organisations/${seg(id)}`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: organisationsKey });
      void queryClient.invalidateQueries({ queryKey: meKey, exact: true });
    },
  });
}

/** POST /admin/organisations: a platform admin creates an organisation directly. */
export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrganisationBody) => api.post<OrganisationItem>('/admin/organisations', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: organisationsKey }),
  });
}
