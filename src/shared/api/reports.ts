import { z } from 'zod';
import { PlainText, Uuid } from './common.ts';

/** Vulnerability reports from anyone (no account), their private tracking link, and the coordinators' triage. */

const Plain = PlainText;
const Line = (max: number) => Plain(max).refine((v) => !/[\r\n]/.test(v), 'one line');

export const reportStatuses = ['received', 'needs_info', 'accepted', 'rejected', 'merged'] as const;
export const ReportStatus = z.enum(reportStatuses);
const TriState = z.enum(['no', 'yes', 'unknown']);

export const ReportChallenge = z.strictObject({
  challenge: z.string(),
  /** Leading zero bits SHA-256(challenge + ":" + nonce) must have. */
  difficulty: z.number().int(),
  expiresAt: z.string(),
});

export const NewReport = z.strictObject({
  vendorName: Line(200).trim().min(1, 'name the manufacturer'),
  /** A member organisation chosen from the suggestions (optional). */
  vendorOrgId: Uuid.optional(),
  productName: Line(200).trim().min(1, 'name the product'),
  productId: Uuid.optional(),
  productVersion: Line(100).trim().default(''),
  title: Line(200).trim().min(5, 'at least 5 characters'),
  description: Plain(20_000).trim().min(20, 'describe the problem in at least 20 characters'),
  patientImpact: Plain(5000).trim().default(''),
  howFound: Plain(5000).trim().default(''),
  publiclyKnown: TriState.default('unknown'),
  exploited: TriState.default('unknown'),
  disclosurePlans: Plain(2000).trim().default(''),
  credit: z.strictObject({ consent: z.boolean(), name: Line(200).trim().default('') }).default({ consent: false, name: '' }),
  contact: z.strictObject({ name: Line(200).trim().default(''), email: z.email().max(254).optional() }).default({ name: '' }),
  /** Proof of work for the challenge from GET /api/v1/reports/challenge. */
  proof: z.strictObject({ challenge: z.string().max(100), nonce: z.string().max(64) }),
  /** Left empty by people; filled by form-filling robots. */
  website: z.string().max(500).default(''),
});

export const ReportReceipt = z.strictObject({
  reference: z.string(),
  trackingToken: z.string(),
  trackingUrl: z.string(),
  receivedAt: z.string(),
});

export const TrackingParams = z.strictObject({ token: z.string().min(20).max(100) });
export const TrackingAttachmentParams = TrackingParams.extend({ attachmentId: Uuid });
export const AttachmentQuery = z.strictObject({ fileName: Line(200).trim().min(1).default('attachment') });
export const MessageBody = z.strictObject({ body: Plain(10_000).trim().min(1, 'write something') });

const Message = z.strictObject({
  id: Uuid,
  from: z.enum(['reporter', 'coordinator', 'system']),
  authorName: z.string().nullable(),
  body: z.string(),
  internal: z.boolean(),
  createdAt: z.string(),
});
export const Attachment = z.strictObject({
  id: Uuid,
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.enum(['reporter', 'coordinator']),
  createdAt: z.string(),
});

/** What the reporter sees on the tracking page: no internal notes, no duplicate hints, no coordinator identities. */
export const ReporterView = z.strictObject({
  reference: z.string(),
  status: ReportStatus,
  statusText: z.string(),
  title: z.string(),
  vendorName: z.string(),
  productName: z.string(),
  productVersion: z.string(),
  receivedAt: z.string(),
  decisionReason: z.string(),
  messages: z.array(Message),
  attachments: z.array(Attachment),
});

export const ReportQueueQuery = z.strictObject({ status: ReportStatus.optional() });

const Sla = z.strictObject({
  acknowledgeDueAt: z.string(),
  triageDueAt: z.string(),
  vendorContactDueAt: z.string(),
  /** The first target not yet met, and whether it has passed. */
  next: z.enum(['acknowledge', 'triage', 'vendor_contact']).nullable(),
  overdue: z.boolean(),
});

export const ReportSummary = z.strictObject({
  id: Uuid,
  reference: z.string(),
  status: ReportStatus,
  title: z.string(),
  vendorName: z.string(),
  vendorOrgId: Uuid.nullable(),
  productName: z.string(),
  productVersion: z.string(),
  exploited: TriState,
  publiclyKnown: TriState,
  receivedAt: z.string(),
  possibleDuplicates: z.array(z.strictObject({ id: Uuid, reference: z.string(), title: z.string() })),
  sla: Sla,
  unreadFromReporter: z.number().int(),
  /** The disclosure case coordinating this report, once there is one. */
  caseId: Uuid.nullable(),
});
export const ReportQueue = z.strictObject({ items: z.array(ReportSummary) });

export const ReportDetail = ReportSummary.extend({
  productId: Uuid.nullable(),
  description: z.string(),
  patientImpact: z.string(),
  howFound: z.string(),
  disclosurePlans: z.string(),
  credit: z.strictObject({ consent: z.boolean(), name: z.string() }),
  contact: z.strictObject({ name: z.string(), email: z.string().nullable() }),
  decisionReason: z.string(),
  mergedInto: z.strictObject({ id: Uuid, reference: z.string() }).nullable(),
  triagedBy: z.string().nullable(),
  triagedAt: z.string().nullable(),
  messages: z.array(Message),
  attachments: z.array(Attachment),
});

export const CoordinatorMessageBody = MessageBody.extend({ internal: z.boolean().default(false) });
export const DecisionBody = z.strictObject({
  decision: z.enum(['accept', 'needs_info', 'reject', 'merge']),
  /** Shown to the reporter (required to reject or ask for information). */
  reason: Plain(5000).trim().default(''),
  mergeInto: Uuid.optional(),
});

export const ProgramSettings = z.strictObject({
  id: Uuid,
  name: z.string(),
  ackHours: z.number().int(),
  triageHours: z.number().int(),
  vendorContactHours: z.number().int(),
});
export const UpdateProgramBody = z.strictObject({
  ackHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .optional(),
  triageHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 180)
    .optional(),
  vendorContactHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .optional(),
});

export const DirectorySuggestions = z.strictObject({
  items: z.array(z.strictObject({ orgId: Uuid, orgName: z.string(), products: z.array(z.strictObject({ id: Uuid, name: z.string() })) })),
});
export const SuggestionQuery = z.strictObject({ q: z.string().trim().min(2).max(100) });
