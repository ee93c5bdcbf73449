// Queries and mutations for vulnerability findings (VEX decisions, history) and the vulnerability-data status.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg } from './client.ts';
import { portfolioKey } from './portfolio.ts';
import type { Finding, FindingHistory, FindingPage, UpdateFindingBody, VulnDbStatus } from './types.ts';

/** Which findings to list: open ones (the default), closed ones or all. */
export type FindingStatusFilter = 'open' | 'closed' | 'all';

const findingsKey = [...portfolioKey, 'findings'] as const;

/** GET /sboms/{id}/findings: KEV first, then by severity; only the manufacturer's own people may read them. */
export function useSbomFindings(sbomId: string, status: FindingStatusFilter, limit: number, offset: number) {
  return useQuery({
    queryKey: [...findingsKey, 'sbom', sbomId, status, limit, offset],
    queryFn: () => api.get<FindingPage>(`/sboms/${seg(sbomId)}/findings`, { status, limit, offset }),
    placeholderData: keepPreviousData,
  });
}

/** GET /findings/{id}/history. */
export function useFindingHistory(id: string) {
  return useQuery({
    queryKey: [...findingsKey, 'history', id],
    queryFn: () => api.get<FindingHistory>(`/findings/${seg(id)}/history`),
  });
}

/** PATCH /findings/{id}: records a VEX decision; counts on products and SBOMs change too. */
export function useUpdateFinding(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateFindingBody) => api.patch<Finding>(`/findings/${seg(id)}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: portfolioKey }),
  });
}

/** GET /vulndb/status: records per feed, KEV and EPSS, the last imports. */
export function useVulnDbStatus() {
  return useQuery({ queryKey: ['vulndb', 'status'], queryFn: () => api.get<VulnDbStatus>('/vulndb/status') });
}
