// The report form's fields, the schema's limits (src/shared/api/reports.ts NewReport) as plain checks with readable
// messages, and the request body built from the form.
import type { NewReport } from '../../api/reports.ts';

export type TriState = 'no' | 'yes' | 'unknown';

/** Everything typed on the form (kept as typed, so nothing is lost on an error). */
export interface ReportForm {
  vendorName: string;
  vendorOrgId: string | null;
  productName: string;
  productId: string | null;
  productVersion: string;
  title: string;
  description: string;
  patientImpact: string;
  howFound: string;
  publiclyKnown: TriState;
  exploited: TriState;
  disclosurePlans: string;
  creditConsent: boolean;
  creditName: string;
  contactName: string;
  contactEmail: string;
  /** An ASCII-armored OpenPGP message encrypted to the ISAO's key (optional); with it, the description is optional. */
  encryptedMessage: string;
  /** The honeypot: left empty by people. */
  website: string;
}

export const emptyReportForm: ReportForm = {
  vendorName: '',
  vendorOrgId: null,
  productName: '',
  productId: null,
  productVersion: '',
  title: '',
  description: '',
  patientImpact: '',
  howFound: '',
  publiclyKnown: 'unknown',
  exploited: 'unknown',
  disclosurePlans: '',
  creditConsent: false,
  creditName: '',
  contactName: '',
  contactEmail: '',
  encryptedMessage: '',
  website: '',
};

/** The text fields and their limits (characters, after trimming), as the server checks them. */
export const limits = {
  vendorName: { min: 1, max: 200, line: true },
  productName: { min: 1, max: 200, line: true },
  productVersion: { min: 0, max: 100, line: true },
  title: { min: 5, max: 200, line: true },
  description: { min: 20, max: 20_000, line: false },
  patientImpact: { min: 0, max: 5000, line: false },
  howFound: { min: 0, max: 5000, line: false },
  disclosurePlans: { min: 0, max: 2000, line: false },
  creditName: { min: 0, max: 200, line: true },
  contactName: { min: 0, max: 200, line: true },
} as const;

export type TextKey = keyof typeof limits;
export type FieldKey = TextKey | 'contactEmail' | 'encryptedMessage';

const minMessages: Partial<Record<TextKey, string>> = {
  vendorName: 'Name the manufacturer.',
  productName: 'Name the product.',
  title: 'Give the report a title of at least 5 characters.',
  description: 'Describe the problem in at least 20 characters.',
};

const controlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** The address check of the server's schema (zod's email). */
const emailPattern = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

const count = (n: number) => n.toLocaleString();

/** The largest armored message (characters), as the server's schema (MAX_ARMORED_CHARS). */
export const MAX_ARMORED_CHARS = 256 * 1024;
const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';

/** Whether the text is (the start of) an ASCII-armored OpenPGP message. */
export const isArmoredMessage = (text: string) => text.trim().startsWith(BEGIN);

/** The problem with a pasted encrypted message, or null (the server decrypts it and says more). */
export function armorProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  if (value.startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----')) return 'This is a public key, not an encrypted message.';
  if (!value.startsWith(BEGIN)) return `Paste the whole encrypted message, from ${BEGIN} to ${END}.`;
  if (!value.endsWith(END)) return `The message is incomplete: it must end with ${END}.`;
  if (!/^[\t\n\r\x20-\x7e]*$/.test(value)) return 'Paste the armored text only, as gpg printed it: it has only ASCII characters.';
  if (value.length > MAX_ARMORED_CHARS)
    return `At most ${count(MAX_ARMORED_CHARS)} characters of armored text: this has ${count(value.length)}.`;
  return null;
}

/** The problem with one field, or null. */
export function fieldProblem(form: ReportForm, key: FieldKey): string | null {
  if (key === 'encryptedMessage') return armorProblem(form.encryptedMessage);
  if (key === 'contactEmail') {
    const email = form.contactEmail.trim();
    if (email === '') return null;
    if (email.length > 254 || !emailPattern.test(email)) return 'Enter an email address such as name@example.org, or leave it empty.';
    return null;
  }
  const rule = limits[key];
  const value = form[key].trim();
  if (controlChars.test(value)) return 'Remove the invisible control characters (pasted from a terminal?).';
  if (rule.line && /[\r\n]/.test(value)) return 'Keep this on one line.';
  // The encrypted message may hold the whole description.
  const min = key === 'description' && form.encryptedMessage.trim() !== '' ? 0 : rule.min;
  if (value.length < min) return minMessages[key] ?? `At least ${count(min)} characters.`;
  if (value.length > rule.max) return `At most ${count(rule.max)} characters: this has ${count(value.length)}.`;
  return null;
}

/** Every field with a problem, in the order of the form. */
export function formProblems(form: ReportForm): Partial<Record<FieldKey, string>> {
  const keys: FieldKey[] = [
    'vendorName',
    'productName',
    'productVersion',
    'title',
    'description',
    'encryptedMessage',
    'patientImpact',
    'howFound',
    'disclosurePlans',
    'creditName',
    'contactName',
    'contactEmail',
  ];
  const problems: Partial<Record<FieldKey, string>> = {};
  for (const key of keys) {
    if (key === 'creditName' && !form.creditConsent) continue;
    const problem = fieldProblem(form, key);
    if (problem) problems[key] = problem;
  }
  return problems;
}

/** The request body (trimmed; optional values left out). */
export function reportBody(form: ReportForm, proof: { challenge: string; nonce: string }): NewReport {
  const email = form.contactEmail.trim();
  const encrypted = form.encryptedMessage.trim();
  return {
    vendorName: form.vendorName.trim(),
    ...(form.vendorOrgId ? { vendorOrgId: form.vendorOrgId } : {}),
    productName: form.productName.trim(),
    ...(form.vendorOrgId && form.productId ? { productId: form.productId } : {}),
    productVersion: form.productVersion.trim(),
    title: form.title.trim(),
    description: form.description.trim(),
    ...(encrypted ? { encryptedMessage: encrypted } : {}),
    patientImpact: form.patientImpact.trim(),
    howFound: form.howFound.trim(),
    publiclyKnown: form.publiclyKnown,
    exploited: form.exploited,
    disclosurePlans: form.disclosurePlans.trim(),
    credit: { consent: form.creditConsent, name: form.creditConsent ? form.creditName.trim() : '' },
    contact: { name: form.contactName.trim(), ...(email ? { email } : {}) },
    proof,
    website: form.website,
  };
}

/** "about 40 minutes", "about 2 hours", "a few seconds": a Retry-After in words. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 55) return minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'about an hour' : `about ${hours} hours`;
}

/** "2.4 MB", "512 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
