// Queries for the audit log: filtered pages going back in time, and the hash-chain check.
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api } from './client.ts';
import type { AuditPage, AuditVerifyResult } from './types.ts';

/** The audit filters as sent to the server (timestamps already ISO with offset). */
export interface AuditFilters {
  action?: string;
  actor?: string;
  orgId?: string;
  from?: string;
  to?: string;
}

/** GET /audit, newest first, paged backwards with `before` ("Load older"). */
export function useAuditLog(filters: AuditFilters, limit = 100) {
  return useInfiniteQuery({
    queryKey: ['audit', filters, limit],
    queryFn: ({ pageParam }) => api.get<AuditPage>('/audit', { ...filters, limit, before: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}

/** GET /audit/verify: recomputes the hash chain (a read, run on demand). */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get<AuditVerifyResult>('/audit/verify') });
}
