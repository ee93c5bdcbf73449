// Queries and mutations for the scheduled feeds of vulnerability data and CSAF advisories (ISAO staff; set up by platform admins).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Feeds from '../../shared/api/feeds.ts';
import { api, seg } from './client.ts';

/** One scheduled feed with its last run. */
export type Feed = z.infer<typeof Feeds.Feed>;
/** Answer of GET /feeds. */
export type FeedList = z.infer<typeof Feeds.FeedList>;
/** What a feed holds: vulnerability data or CSAF advisories. */
export type FeedKind = z.infer<typeof Feeds.FeedKind>;
/** Body of POST /feeds. */
export type CreateFeedBody = z.input<typeof Feeds.CreateFeedBody>;
/** Body of PATCH /feeds/{id}. */
export type UpdateFeedBody = z.input<typeof Feeds.UpdateFeedBody>;

/** Query key of the feeds. */
export const feedsKey = ['feeds'] as const;

/** How often the list is asked again while a feed is being fetched, and otherwise (the scheduler runs feeds too). */
const RUNNING_POLL_MS = 2_000;
const IDLE_POLL_MS = 30_000;

/** GET /feeds; polls every 2 s while any feed is being fetched. `enabled` is false for people who may not see them. */
export function useFeeds(enabled: boolean) {
  return useQuery({
    queryKey: feedsKey,
    queryFn: () => api.get<FeedList>('/feeds'),
    enabled,
    retry: false,
    refetchInterval: (query) => {
      if (query.state.error) return false;
      return query.state.data?.items.some((feed) => feed.running) ? RUNNING_POLL_MS : IDLE_POLL_MS;
    },
  });
}

/** Puts a feed from a mutation's answer into the cached list (so "running" shows, and polling starts, at once). */
function useStoreFeed() {
  const queryClient = useQueryClient();
  return (feed: Feed) => {
    queryClient.setQueryData<FeedList>(feedsKey, (list) => {
      if (!list) return list;
      const known = list.items.some((item) => item.id === feed.id);
      return { items: known ? list.items.map((item) => (item.id === feed.id ? feed : item)) : [...list.items, feed] };
    });
    void queryClient.invalidateQueries({ queryKey: feedsKey });
  };
}

/** POST /feeds (platform admins). */
export function useCreateFeed() {
  const store = useStoreFeed();
  return useMutation({ mutationFn: (body: CreateFeedBody) => api.post<Feed>('/feeds', body), onSuccess: store });
}

/** PATCH /feeds/{id} (platform admins). */
export function useUpdateFeed(id: string) {
  const store = useStoreFeed();
  return useMutation({ mutationFn: (body: UpdateFeedBody) => api.patch<Feed>(`/feeds/${seg(id)}`, body), onSuccess: store });
}

/** DELETE /feeds/{id} (platform admins); what the feed imported stays. */
export function useDeleteFeed(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<{ ok: true }>(`/feeds/${seg(id)}`),
    onSuccess: () => {
      queryClient.setQueryData<FeedList>(feedsKey, (list) => (list ? { items: list.items.filter((item) => item.id !== id) } : list));
      void queryClient.invalidateQueries({ queryKey: feedsKey });
    },
  });
}

/** POST /feeds/{id}/run: the server fetches it in the background (202, running); 409 while it is being fetched. */
export function useRunFeed(id: string) {
  const store = useStoreFeed();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Feed>(`/feeds/${seg(id)}/run`),
    onSuccess: store,
    onError: () => void queryClient.invalidateQueries({ queryKey: feedsKey }),
  });
}
