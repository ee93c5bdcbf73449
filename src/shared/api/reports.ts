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

/** The largest ASCII-armored OpenPGP message accepted (characters), with a report or a reply. */
export const MAX_ARMORED_CHARS = 256 * 1024;

/**
 * An ASCII-armored OpenPGP message (-----BEGIN PGP MESSAGE----- …) encrypted to the ISAO's key
 * (GET /api/v1/reports/openpgp-key). The server decrypts it; what it holds is checked like the plain field it stands for.
 */
export const ArmoredMessage = z
  .string()
  .max(MAX_ARMORED_CHARS, `at most ${MAX_ARMORED_CHARS} characters (256 KiB) of armored text`)
  .refine((v) => /^[\t\n\r\x20-\x7e]*$/.test(v), 'an ASCII-armored OpenPGP message has only ASCII characters');

export const NewReport = z
  .strictObject({
    vendorName: Line(200).trim().min(1, 'name the manufacturer'),
    /** A member organisation chosen from the suggestions (optional). */
    vendorOrgId: Uuid.optional(),
    productName: Line(200).trim().min(1, 'name the product'),
    productId: Uuid.optional(),
    productVersion: Line(100).trim().default(''),
    title: Line(200).trim().min(5, 'at least 5 characters'),
    /** At least 20 characters, unless `encryptedMessage` holds the description (then it may be empty). */
    description: Plain(20_000).trim().default(''),
    /** The details encrypted to the ISAO's key (optional): decrypted, at least 20 and at most 20,000 characters of UTF-8. */
    encryptedMessage: ArmoredMessage.optional(),
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
  })
  .refine((r) => r.encryptedMessage !== undefined || r.description.length >= 20, {
    path: ['description'],
    message: 'describe the problem in at least 20 characters (or send it as encryptedMessage)',
  });

/** How many characters an encrypted message held once decrypted (its text is never shown back to the reporter). */
const EncryptedReceived = z.strictObject({ characters: z.number().int() });

export const ReportReceipt = z.strictObject({
  reference: z.string(),
  trackingToken: z.string(),
  trackingUrl: z.string(),
  receivedAt: z.string(),
  encryptedMessage: EncryptedReceived.nullable(),
});

/** The ISAO's OpenPGP key, for encrypting a report to it. */
export const ReportKey = z.strictObject({
  fingerprint: z.string(),
  userIds: z.array(z.string()),
  /** The subkey that decrypts (what `gpg --encrypt` picks), e.g. "ecdh curve25519Legacy". */
  encryptionSubkey: z.strictObject({ keyId: z.string(), algorithm: z.string() }),
  /** The armored public key (also served as text at `url`). */
  publicKey: z.string(),
  url: z.string(),
  maxArmoredCharacters: z.number().int(),
});
/** A reply's original, or the report's when no message is named. */
export const EncryptedOriginalQuery = z.strictObject({ messageId: Uuid.optional() });

export const TrackingParams = z.strictObject({ token: z.string().min(20).max(100) });
export const TrackingAttachmentParams = TrackingParams.extend({ attachmentId: Uuid });
export const AttachmentQuery = z.strictObject({ fileName: Line(200).trim().min(1).default('attachment') });
export const MessageBody = z.strictObject({ body: Plain(10_000).trim().min(1, 'write something') });
/** The reporter writes in clear, or sends an encrypted message (decrypted: at most 10,000 characters). */
export const ReporterMessageBody = z
  .strictObject({ body: Plain(10_000).trim().default(''), encryptedMessage: ArmoredMessage.optional() })
  .refine((m) => (m.encryptedMessage === undefined) !== (m.body === ''), {
    path: ['body'],
    message: 'write something, or send an encrypted message instead (not both)',
  });

const Message = z.strictObject({
  id: Uuid,
  from: z.enum(['reporter', 'coordinator', 'system']),
  authorName: z.string().nullable(),
  body: z.string(),
  internal: z.boolean(),
  /** The reporter sent it OpenPGP-encrypted; the reporter's own view leaves its body empty. */
  encrypted: EncryptedReceived.nullable(),
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
  /** The report came with an encrypted message: its size only, so a leaked tracking link does not reveal it. */
  encryptedMessage: EncryptedReceived.nullable(),
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
  /** The report arrived with an OpenPGP-encrypted message. */
  encrypted: z.boolean(),
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
  /** The decrypted text of the report's encrypted message and the key that decrypted it (the original: GET …/encrypted-message). */
  encryptedMessage: z.strictObject({ text: z.string(), characters: z.number().int(), keyFingerprint: z.string() }).nullable(),
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
