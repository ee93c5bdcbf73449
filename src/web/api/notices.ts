// Queries and mutations for notices: the paged feed, one notice, sharing, revealing a contributor.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Tlp } from '../../shared/vocabulary.ts';
import { api, seg } from './client.ts';
import type { ContributorReveal, CreateNoticeBody, Notice, NoticePage } from './types.ts';

const noticesKey = ['notices'] as const;

/** GET /notices, paged by cursor ("Load more"), optionally filtered by TLP label. */
export function useNoticeFeed(tlp: Tlp | undefined, limit = 25) {
  return useInfiniteQuery({
    queryKey: [...noticesKey, 'feed', tlp ?? 'all', limit],
    queryFn: ({ pageParam }) => api.get<NoticePage>('/notices', { limit, tlp, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** GET /notices?limit=n: the newest few, for the home page. */
export function useRecentNotices(limit: number) {
  return useQuery({ queryKey: [...noticesKey, 'recent', limit], queryFn: () => api.get<NoticePage>('/notices', { limit }) });
}

/** GET /notices/{id}. */
export function useNotice(id: string) {
  return useQuery({ queryKey: [...noticesKey, 'one', id], queryFn: () => api.get<Notice>(`/notices/${seg(id)}`) });
}

/** POST /notices. */
export function useCreateNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateNoticeBody) => api.post<Notice>('/notices', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: noticesKey }),
  });
}

/** GET /notices/{id}/contributor: platform admins only; every look is written to the audit log. */
export function useRevealContributor(id: string) {
  return useMutation({ mutationFn: () => api.get<ContributorReveal>(`/notices/${seg(id)}/contributor`) });
}
