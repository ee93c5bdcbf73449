// Direct messages: my conversations and sending a message. A conversation is a forum thread (TLP:RED to its
// participants), read and answered through the forum's thread queries (api/forum.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as D from '../../shared/api/direct-messages.ts';
import { api } from './client.ts';
import { type ThreadView, conversationsKey, threadKey } from './forum.ts';

/** One conversation of GET /messages. */
export type Conversation = z.infer<typeof D.Conversation>;
/** Answer of GET /messages. */
export type ConversationList = z.infer<typeof D.ConversationList>;
/** Body of POST /messages. */
export type SendMessageBody = z.input<typeof D.StartConversationBody>;
/** Someone in a conversation. */
export type Participant = Conversation['participants'][number];

/** "Dana Brooks, Luis Ortega": the title to show for a conversation without one (everyone but me). */
export function conversationName(title: string | null, participants: Participant[], myId: string): string {
  if (title) return title;
  const others = participants.filter((p) => p.personId !== myId).map((p) => p.name);
  return others.length ? others.join(', ') : 'Direct conversation';
}

/** GET /messages: latest activity first. */
export function useConversations() {
  return useQuery({ queryKey: conversationsKey, queryFn: () => api.get<ConversationList>('/messages') });
}

/** How many of my conversations have messages I have not read (the navigation's badge). */
export function useUnreadConversations(): number {
  return useConversations().data?.items.filter((c) => c.unread > 0).length ?? 0;
}

/** POST /messages: answers with the conversation (new, or my untitled one with the same people). */
export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SendMessageBody) => api.post<ThreadView>('/messages', body),
    onSuccess: (view) => {
      queryClient.setQueryData(threadKey(view.thread.id), view);
      void queryClient.invalidateQueries({ queryKey: conversationsKey });
    },
  });
}
