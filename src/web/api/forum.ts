// The forum: channels, threads, posts and what people do with them (reactions, edits, retractions, flags, attachments).
// Mutations that answer with a post or a thread put it into the cached thread at once; the live stream
// (lib/use-event-stream.ts) keeps the same caches current when other people write.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as F from '../../shared/api/forum.ts';
import { api, apiUrl, seg, uploadRaw } from './client.ts';
import { notificationsKey } from './notifications.ts';
import type { Ok } from './types.ts';

/** One channel with the reader's thread and unread counts. */
export type Channel = z.infer<typeof F.Channel>;
/** topic | device_class | group. */
export type ChannelKind = Channel['kind'];
/** Answer of GET /forum/channels. */
export type ChannelList = z.infer<typeof F.ChannelList>;
/** Body of POST /forum/channels. */
export type CreateChannelBody = z.input<typeof F.CreateChannelBody>;
/** One thread of a channel's list. */
export type ThreadSummary = z.infer<typeof F.ThreadSummary>;
/** Answer of GET /forum/channels/{id}. */
export type ChannelThreads = z.infer<typeof F.ChannelThreads>;
/** One post as the reader may see it. */
export type Post = z.infer<typeof F.Post>;
/** A file attached to a post. */
export type Attachment = z.infer<typeof F.Attachment>;
/** seen_too | thanks | useful. */
export type Reaction = z.infer<typeof F.ReactionSchema>;
/** Answer of GET /forum/threads/{id}. */
export type ThreadView = z.infer<typeof F.ThreadView>;
/** The thread part of a ThreadView. */
export type ThreadDetail = ThreadView['thread'];
/** Body of POST /forum/channels/{id}/threads. */
export type CreateThreadBody = z.input<typeof F.CreateThreadBody>;
/** Body of POST /forum/threads/{id}/posts. */
export type CreatePostBody = z.input<typeof F.CreatePostBody>;
/** Body of PATCH /forum/posts/{id}. */
export type EditPostBody = z.input<typeof F.EditPostBody>;
/** Body of PATCH /forum/threads/{id} (moderators). */
export type ModerateThreadBody = z.input<typeof F.ModerateThreadBody>;
/** Answer of GET /forum/posts/{id}/revisions. */
export type Revisions = z.infer<typeof F.Revisions>;
/** Answer of GET /forum/search. */
export type SearchResults = z.infer<typeof F.SearchResults>;
/** One search hit. */
export type SearchHit = SearchResults['items'][number];
/** Answer of GET /forum/mentionables. */
export type Mentionables = z.infer<typeof F.Mentionables>;
/** One report of a post to the moderators. */
export type PostFlag = z.infer<typeof F.PostFlag>;
/** Body of POST /forum/flags/{id}/resolve. */
export type ResolveFlagBody = z.input<typeof F.ResolveFlagBody>;
/** Answer of POST /forum/posts/{id}/reveal (platform admins; audited). */
export type ContributorRevealed = z.infer<typeof F.ContributorRevealed>;

/** Everything the forum caches starts with this key. */
export const forumKey = ['forum'] as const;
/** GET /forum/channels. */
export const channelsKey = [...forumKey, 'channels'] as const;
/** GET /forum/channels/{id}. */
export const channelKey = (id: string) => [...forumKey, 'channel', id] as const;
/** GET /forum/threads/{id}. */
export const threadKey = (id: string) => [...forumKey, 'thread', id] as const;
/** GET /messages: my direct conversations, the threads of the direct channel (api/messages.ts). */
export const conversationsKey = [...forumKey, 'conversations'] as const;
const revisionsKey = (postId: string) => [...forumKey, 'revisions', postId] as const;
const flagsKey = [...forumKey, 'flags'] as const;

/** Puts a post into its cached thread (replacing the one with the same id, else in position order). */
export function storePost(queryClient: QueryClient, post: Post): void {
  queryClient.setQueryData<ThreadView>(threadKey(post.threadId), (view) => {
    if (!view) return view;
    const known = view.posts.some((p) => p.id === post.id);
    const posts = known ? view.posts.map((p) => (p.id === post.id ? post : p)) : [...view.posts, post];
    return { ...view, posts: posts.sort((a, b) => a.position - b.position) };
  });
}

/**
 * Puts a post that arrived through the live stream into its cached thread. The stream sends one presentation for every
 * reader, so what only this reader's own fetch knows (mine, new to me, my reactions, my acknowledgement, attachments,
 * revisions) is kept from the cached copy until the thread is fetched again.
 */
export function storeLivePost(queryClient: QueryClient, live: Post): void {
  const cached = queryClient.getQueryData<ThreadView>(threadKey(live.threadId))?.posts.find((p) => p.id === live.id);
  if (!cached) {
    storePost(queryClient, live);
    return;
  }
  const seesContributor = live.contributor !== null || cached.contributor === null;
  storePost(queryClient, {
    ...live,
    mine: cached.mine,
    isNew: cached.isNew,
    reactions: cached.reactions,
    attachments: live.attachments.length ? live.attachments : cached.attachments,
    revisions: Math.max(live.revisions, cached.revisions),
    retracted: live.retracted && cached.retracted ? { ...live.retracted, acknowledged: cached.retracted.acknowledged } : live.retracted,
    contributor: seesContributor ? live.contributor : cached.contributor,
    contributorLabel: seesContributor ? live.contributorLabel : cached.contributorLabel,
  });
}

/** Marks the lists that count threads and unread posts stale (the channel list, one channel's threads, my conversations). */
export function refreshLists(queryClient: QueryClient, channelId?: string): void {
  void queryClient.invalidateQueries({ queryKey: channelsKey });
  if (channelId) void queryClient.invalidateQueries({ queryKey: channelKey(channelId) });
  else void queryClient.invalidateQueries({ queryKey: [...forumKey, 'channel'] });
  // The conversations carry the direct channel's id (null until the first conversation of the platform).
  const direct = queryClient.getQueryData<{ channelId: string | null }>(conversationsKey)?.channelId;
  if (!direct || !channelId || direct === channelId) void queryClient.invalidateQueries({ queryKey: conversationsKey });
}

/** GET /forum/channels. */
export function useChannels() {
  return useQuery({ queryKey: channelsKey, queryFn: () => api.get<ChannelList>('/forum/channels') });
}

/** POST /forum/channels (ISAO staff; org admins for their groups). */
export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateChannelBody) => api.post<Channel>('/forum/channels', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: channelsKey }),
  });
}

/** GET /forum/channels/{id}: the channel and its threads (pinned first, then latest activity). */
export function useChannel(id: string) {
  return useQuery({ queryKey: channelKey(id), queryFn: () => api.get<ChannelThreads>(`/forum/channels/${seg(id)}`) });
}

/** POST /forum/channels/{id}/threads: answers with the new thread. */
export function useCreateThread(channelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateThreadBody) => api.post<ThreadView>(`/forum/channels/${seg(channelId)}/threads`, body),
    onSuccess: (view) => {
      queryClient.setQueryData(threadKey(view.thread.id), view);
      refreshLists(queryClient, channelId);
    },
  });
}

/** GET /forum/threads/{id}: posts marked new / edited since my last visit. */
export function useThread(id: string) {
  return useQuery({ queryKey: threadKey(id), queryFn: () => api.get<ThreadView>(`/forum/threads/${seg(id)}`) });
}

/** POST /forum/threads/{id}/read: I have seen the thread up to a position; the unread counts change. */
export function useMarkThreadRead(threadId: string, channelId: string, direct: boolean) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (position: number) => api.post<Ok>(`/forum/threads/${seg(threadId)}/read`, { position }),
    onSuccess: () => {
      refreshLists(queryClient, channelId);
      // Reading a direct conversation also reads its notifications.
      if (direct) void queryClient.invalidateQueries({ queryKey: notificationsKey });
    },
  });
}

/** POST /forum/threads/{id}/posts: a reply. */
export function useCreatePost(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePostBody) => api.post<Post>(`/forum/threads/${seg(threadId)}/posts`, body),
    onSuccess: (post) => {
      storePost(queryClient, post);
      void queryClient.invalidateQueries({ queryKey: threadKey(threadId) });
    },
  });
}

/** PATCH /forum/threads/{id}: pin, lock, move (moderators). */
export function useModerateThread(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ModerateThreadBody) => api.patch<ThreadView>(`/forum/threads/${seg(threadId)}`, body),
    onSuccess: (view) => {
      queryClient.setQueryData(threadKey(threadId), view);
      refreshLists(queryClient);
    },
  });
}

/** A mutation on a post or thread that answers `{ok:true}`: the thread is fetched again. */
function useThreadAction<V>(threadId: string, send: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: threadKey(threadId) });
      refreshLists(queryClient);
    },
  });
}

/** A mutation that answers with the changed post. */
function usePostChange<V>(send: (vars: V) => Promise<Post>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (post) => {
      storePost(queryClient, post);
      void queryClient.invalidateQueries({ queryKey: revisionsKey(post.id) });
    },
  });
}

/** POST /forum/threads/{id}/hide (moderators). */
export const useHideThread = (threadId: string) =>
  useThreadAction(threadId, (reason: string) => api.post<Ok>(`/forum/threads/${seg(threadId)}/hide`, { reason }));

/** PATCH /forum/posts/{id}: my own post; a correction tells everyone who received it. */
export const useEditPost = (postId: string) => usePostChange((body: EditPostBody) => api.patch<Post>(`/forum/posts/${seg(postId)}`, body));

/** POST /forum/posts/{id}/retract: my own post; its content goes, the reason stays. */
export const useRetractPost = (postId: string) =>
  usePostChange((reason: string) => api.post<Post>(`/forum/posts/${seg(postId)}/retract`, { reason }));

/** PUT or DELETE /forum/posts/{id}/reactions/{reaction}. */
export const useReact = (postId: string) =>
  usePostChange(({ reaction, on }: { reaction: Reaction; on: boolean }) => {
    const path = `/forum/posts/${seg(postId)}/reactions/${seg(reaction)}`;
    return on ? api.put<Post>(path, {}) : api.delete<Post>(path);
  });

/** POST /forum/posts/{id}/acknowledge: I have taken note of a retraction. */
export const useAcknowledgeRetraction = (threadId: string, postId: string) =>
  useThreadAction(threadId, () => api.post<Ok>(`/forum/posts/${seg(postId)}/acknowledge`));

/** POST /forum/posts/{id}/flag: report a post to the moderators. */
export function useFlagPost(postId: string) {
  return useMutation({ mutationFn: (reason: string) => api.post<Ok>(`/forum/posts/${seg(postId)}/flag`, { reason }) });
}

/** POST /forum/posts/{id}/hide (moderators). */
export const useHidePost = (threadId: string, postId: string) =>
  useThreadAction(threadId, (reason: string) => api.post<Ok>(`/forum/posts/${seg(postId)}/hide`, { reason }));

/** POST /forum/posts/{id}/reveal: platform admins; every look is written to the audit log. */
export function useRevealPostContributor(postId: string) {
  return useMutation({ mutationFn: () => api.post<ContributorRevealed>(`/forum/posts/${seg(postId)}/reveal`) });
}

/** GET /forum/posts/{id}/revisions, once asked for. */
export function useRevisions(postId: string, enabled: boolean) {
  return useQuery({
    queryKey: revisionsKey(postId),
    queryFn: () => api.get<Revisions>(`/forum/posts/${seg(postId)}/revisions`),
    enabled,
  });
}

/** POST /forum/posts/{id}/attachments?name=: the file as raw bytes; the thread is fetched again. */
export function useUploadAttachment(threadId: string, postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadRaw<Attachment>('POST', `/forum/posts/${seg(postId)}/attachments`, { name: file.name }, file),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: threadKey(threadId) }),
  });
}

/** Where an attachment downloads from (always as a download, never shown inline). */
export const attachmentUrl = (id: string) => apiUrl(`/forum/attachments/${seg(id)}`);
/** Where a thread's JSON export downloads from. */
export const threadExportUrl = (id: string) => apiUrl(`/forum/threads/${seg(id)}/export`);

/** GET /forum/search?q=: only what the reader may read. */
export function useForumSearch(q: string, limit = 20) {
  const term = q.trim();
  return useQuery({
    queryKey: [...forumKey, 'search', term, limit],
    queryFn: () => api.get<SearchResults>('/forum/search', { q: term, limit }),
    enabled: term.length >= 2,
  });
}

/** GET /forum/mentionables?q=: people and organisations to @mention. */
export function useMentionables(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: [...forumKey, 'mentionables', term],
    queryFn: () => api.get<Mentionables>('/forum/mentionables', { q: term }),
    enabled: term.length >= 1,
    staleTime: 60_000,
  });
}

/** GET /forum/flags: the moderation queue (ISAO staff). */
export function useFlags() {
  return useQuery({ queryKey: flagsKey, queryFn: () => api.get<{ items: PostFlag[] }>('/forum/flags') });
}

/** POST /forum/flags/{id}/resolve. */
export function useResolveFlag(flagId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResolveFlagBody) => api.post<Ok>(`/forum/flags/${seg(flagId)}/resolve`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: flagsKey });
      void queryClient.invalidateQueries({ queryKey: [...forumKey, 'thread'] });
    },
  });
}
