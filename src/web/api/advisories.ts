// Queries and mutations for CSAF advisories: the searchable list, one advisory, importing files, and the possible matches
// of advisories to my organisation's product versions (confirm, dismiss, back to possible).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as A from '../../shared/api/advisories.ts';
import { ApiError, api, apiUrl, seg, uploadRaw } from './client.ts';

/** One advisory as listed (with the search passages when searching). */
export type AdvisorySummary = z.infer<typeof A.AdvisorySummary>;
/** Answer of GET /advisories: one page plus the next cursor. */
export type AdvisoryPage = z.infer<typeof A.AdvisoryPage>;
/** Answer of GET /advisories/{id}. */
export type AdvisoryDetail = z.infer<typeof A.AdvisoryDetail>;
/** One vulnerability of an advisory. */
export type AdvisoryVulnerability = AdvisoryDetail['vulnerabilities'][number];
/** One product of an advisory's product tree, with the statuses the vulnerabilities give it. */
export type AdvisoryProduct = AdvisoryDetail['productTree'][number];
/** One remediation of a vulnerability. */
export type AdvisoryRemediation = AdvisoryVulnerability['remediations'][number];
/** One note (of the document or of a vulnerability). */
export type AdvisoryNote = AdvisoryDetail['notes'][number];
/** A possible match of an advisory to one of my product versions. */
export type AdvisoryMatch = z.infer<typeof A.AdvisoryMatch>;
/** Answer of GET /products/{id}/advisory-matches. */
export type AdvisoryMatchList = z.infer<typeof A.AdvisoryMatchList>;
/** possible | confirmed | dismissed. */
export type MatchState = z.infer<typeof A.MatchState>;
/** in_range | all_versions | unknown. */
export type VersionVerdict = z.infer<typeof A.VersionVerdict>;
/** Answer of POST /advisories: what became of the imported file. */
export type AdvisoryImportResult = z.infer<typeof A.AdvisoryImportResult>;

/** The list's filters, as kept in the page's query string (empty strings are left out of the request). */
export interface AdvisoryFilters {
  q: string;
  vendor: string;
  product: string;
  cve: string;
  kev: boolean;
  from: string;
  to: string;
}

/** The query key prefix of everything about advisories (lists, one advisory, product matches). */
export const advisoriesKey = ['advisories'] as const;

/** A CVE id as the server accepts it in the `cve` filter. */
export const cvePattern = /^CVE-\d{4}-\d{4,}$/i;

/** GET /advisories, paged by cursor ("Load more"). */
export function useAdvisories(filters: AdvisoryFilters, limit = 25) {
  return useInfiniteQuery({
    queryKey: [...advisoriesKey, 'list', filters, limit],
    queryFn: ({ pageParam }) =>
      api.get<AdvisoryPage>('/advisories', {
        limit,
        cursor: pageParam,
        q: filters.q.trim(),
        vendor: filters.vendor.trim(),
        product: filters.product.trim(),
        cve: filters.cve.trim(),
        kev: filters.kev ? 'true' : undefined,
        from: filters.from,
        to: filters.to,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** GET /advisories/{id}. */
export function useAdvisory(id: string) {
  return useQuery({ queryKey: [...advisoriesKey, 'one', id], queryFn: () => api.get<AdvisoryDetail>(`/advisories/${seg(id)}`) });
}

/** The address of the stored CSAF file (served as an attachment). */
export function csafDownloadUrl(id: string): string {
  return apiUrl(`/advisories/${seg(id)}/csaf`);
}

/** GET /products/{id}/advisory-matches: only the manufacturer's own people may read it (404 for everyone else). */
export function useProductAdvisoryMatches(productId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...advisoriesKey, 'product-matches', productId],
    queryFn: () => api.get<AdvisoryMatchList>(`/products/${seg(productId)}/advisory-matches`),
    enabled,
  });
}

/** PUT /advisories/{id}/matches/{versionId}: confirm, dismiss, or set back to possible, with an optional note. */
export function useDecideMatch(advisoryId: string, versionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { state: MatchState; note?: string }) =>
      api.put<AdvisoryMatch>(`/advisories/${seg(advisoryId)}/matches/${seg(versionId)}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: advisoriesKey }),
  });
}

/** The server's limit on one CSAF file (16 MiB). */
export const MAX_CSAF_BYTES = 16 * 1024 * 1024;

/** POST /advisories?fileName=: one CSAF file as the raw body, with upload progress (0..1). */
export async function importCsafFile(file: File, onProgress?: (fraction: number) => void): Promise<AdvisoryImportResult> {
  if (file.size > MAX_CSAF_BYTES) throw new ApiError(413, 'too_large', `${file.name} is larger than 16 MiB, the most a CSAF file may be.`);
  if (file.size === 0) throw new ApiError(422, 'csaf_invalid', `${file.name} is empty.`);
  return uploadRaw<AdvisoryImportResult>('POST', '/advisories', { fileName: file.name }, file, onProgress);
}

/** Refreshes every advisory query (after an import). */
export function useRefreshAdvisories() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: advisoriesKey });
}
