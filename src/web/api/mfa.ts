// Mutations for two-factor authentication (TOTP) and recovery codes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { meKey } from './me.ts';
import type { Ok, RecoveryCodes, TotpDisableBody, TotpSetup } from './types.ts';

/** POST /me/mfa/totp/setup: a new secret and its QR code (not active until enabled with a code). */
export function useTotpSetup() {
  return useMutation({ mutationFn: () => api.post<TotpSetup>('/me/mfa/totp/setup') });
}

/** POST /me/mfa/totp/enable: confirms the first code and returns the recovery codes, shown once. */
export function useTotpEnable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<RecoveryCodes>('/me/mfa/totp/enable', { code }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meKey, exact: true }),
  });
}

/** POST /me/mfa/totp/disable: needs the password and a current code. */
export function useTotpDisable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TotpDisableBody) => api.post<Ok>('/me/mfa/totp/disable', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meKey, exact: true }),
  });
}

/** POST /me/mfa/recovery-codes: replaces all recovery codes with new ones. */
export function useRegenerateRecoveryCodes() {
  return useMutation({ mutationFn: (code: string) => api.post<RecoveryCodes>('/me/mfa/recovery-codes', { code }) });
}
