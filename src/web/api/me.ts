// Queries and mutations for the signed-in person: who am I, sign in/out, profile and password.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './client.ts';
import type { ChangePasswordBody, LoginBody, Me, Ok, UpdateProfileBody } from './types.ts';

/** Query key of GET /me. */
export const meKey = ['me'] as const;

let signedOutOnPurpose = false;

/** True after "Sign out" until the next sign-in: the sign-in page then does not send the person back. */
export function signedOutDeliberately(): boolean {
  return signedOutOnPurpose;
}

/** GET /me: the signed-in person, or null when signed out. Keeps the CSRF token up to date. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/me', undefined, true);
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Forgets what is cached for the previous session: every unobserved query except GET /me itself. */
function forgetOtherQueries(queryClient: QueryClient): void {
  queryClient.removeQueries({ type: 'inactive', predicate: (query) => !(query.queryKey.length === 1 && query.queryKey[0] === meKey[0]) });
}

/** Stores a MeResponse from login, application or invitation acceptance as the new current session. */
export function rememberMe(queryClient: QueryClient, me: Me): void {
  signedOutOnPurpose = false;
  forgetOtherQueries(queryClient);
  setCsrfToken(me.csrfToken);
  queryClient.setQueryData(meKey, me);
}

/** POST /auth/login (the answer is a MeResponse; 401 mfa_required asks for a TOTP or recovery code). */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<Me>('/auth/login', body),
    onSuccess: (me) => rememberMe(queryClient, me),
  });
}

/** POST /auth/logout, then forgets everything cached for this person. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post<Ok>('/auth/logout');
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      signedOutOnPurpose = true;
      setCsrfToken(null);
      forgetOtherQueries(queryClient);
      queryClient.setQueryData(meKey, null);
    },
  });
}

/** PATCH /me: name and time zone. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProfileBody) => api.patch<Me>('/me', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meKey, exact: true }),
  });
}

/** POST /me/password. */
export function useChangePassword() {
  return useMutation({ mutationFn: (body: ChangePasswordBody) => api.post<Ok>('/me/password', body) });
}
