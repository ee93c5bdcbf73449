// A case's advisory (ISAO staff): the draft with the CSAF document publishing would produce now and the validator's
// verdict on it, saving the draft, and publishing it (or its next revision).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as P from '../../shared/api/publishing.ts';
import { api, seg } from './client.ts';

/** Answer of GET/PUT /cases/{id}/advisory and POST …/advisory/publish. */
export type AdvisoryDraft = z.infer<typeof P.AdvisoryDraft>;
/** Body of PUT /cases/{id}/advisory. */
export type DraftBody = z.input<typeof P.DraftBody>;
/** Body of POST /cases/{id}/advisory/publish. */
export type PublishBody = z.input<typeof P.PublishBody>;
/** WHITE | GREEN | AMBER (CSAF 2.0 uses TLP 1.0 labels). */
export type AdvisoryTlp = AdvisoryDraft['tlp'];
/** One validator message: the test, where in the document, what it says. */
export type CsafMessage = AdvisoryDraft['validation']['errors'][number];
/** A reference of the advisory. */
export type AdvisoryReference = AdvisoryDraft['references'][number];

/** The key of a case's advisory draft (below the case's own key). */
export const advisoryDraftKey = (caseId: string) => ['cases', 'one', caseId, 'advisory'] as const;
const path = (caseId: string) => `/cases/${seg(caseId)}/advisory`;

/** GET /cases/{id}/advisory (ISAO staff only: others are answered 403, so pass `enabled` false for them). */
export function useAdvisoryDraft(caseId: string, enabled = true) {
  return useQuery({ queryKey: advisoryDraftKey(caseId), queryFn: () => api.get<AdvisoryDraft>(path(caseId)), enabled });
}

/** PUT /cases/{id}/advisory: the answer (with a fresh validation) replaces the cached draft. */
export function useSaveDraft(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DraftBody) => api.put<AdvisoryDraft>(path(caseId), body),
    onSuccess: (draft) => queryClient.setQueryData(advisoryDraftKey(caseId), draft),
  });
}

/** POST /cases/{id}/advisory/publish; the advisory lists are stale afterwards. */
export function usePublishAdvisory(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PublishBody) => api.post<AdvisoryDraft>(`${path(caseId)}/publish`, body),
    onSuccess: (draft) => {
      queryClient.setQueryData(advisoryDraftKey(caseId), draft);
      void queryClient.invalidateQueries({ queryKey: ['advisories'] });
    },
  });
}
