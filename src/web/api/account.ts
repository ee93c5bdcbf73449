// Queries and mutations for my sessions and my API tokens.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, seg } from './client.ts';
import type { CreateTokenBody, CreatedToken, SessionList, TokenList } from './types.ts';

const sessionsKey = ['me', 'sessions'] as const;
const tokensKey = ['me', 'tokens'] as const;

/** GET /me/sessions: where I am signed in. */
export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: () => api.get<SessionList>('/me/sessions') });
}

/** DELETE /me/sessions/{id}: signs that browser out. */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/me/sessions/${seg(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

/** GET /me/tokens: my API tokens (never the secret itself). */
export function useTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: () => api.get<TokenList>('/me/tokens') });
}

/** POST /me/tokens: the answer holds the token once. */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => api.post<CreatedToken>('/me/tokens', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

/** DELETE /me/tokens/{id}: revokes a token. */
export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/me/tokens/${seg(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
