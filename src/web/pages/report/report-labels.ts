// Words for report states, service-level targets and the no / yes / don't know answers.
import type { ReportStatus, ReportSummary } from '../../api/reports.ts';

/** The statuses in the order of a report's life (the web bundle carries no zod, so not from the schema). */
export const reportStatusList: readonly ReportStatus[] = ['received', 'needs_info', 'accepted', 'rejected', 'merged'];

export const statusLabels: Record<ReportStatus, string> = {
  received: 'Received',
  needs_info: 'Needs information',
  accepted: 'Accepted',
  rejected: 'Rejected',
  merged: 'Merged',
};

/** The pill class of a status. */
export const statusPill: Record<ReportStatus, string> = {
  received: 'pill',
  needs_info: 'pill pill-warn',
  accepted: 'pill pill-ok',
  rejected: 'pill pill-off',
  merged: 'pill pill-off',
};

/** A report the coordinators may still decide on. */
export const isOpen = (status: ReportStatus) => status === 'received' || status === 'needs_info';
/** A report the reporter may no longer write to. */
export const isClosed = (status: ReportStatus) => status === 'rejected' || status === 'merged';

type Sla = ReportSummary['sla'];
type Target = NonNullable<Sla['next']>;

export const targetVerbs: Record<Target, string> = {
  acknowledge: 'Acknowledge',
  triage: 'Triage',
  vendor_contact: 'Contact the manufacturer',
};

/** The due time of a target. */
export function dueAt(sla: Sla, target: Target): string {
  return target === 'acknowledge' ? sla.acknowledgeDueAt : target === 'triage' ? sla.triageDueAt : sla.vendorContactDueAt;
}

/** "yes" | "no" | "don't know" for exploited / publicly known. */
export const triWords = { no: 'No', yes: 'Yes', unknown: 'Don’t know' } as const;

/** "2 days", "24 hours": a number of hours in words. */
export function hoursInWords(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
