/** The error catalogue: every error a client can see has a stable code, a status and a safe message. */
export const errorCatalogue = {
  bad_request: [400, 'The request is not valid.'],
  validation_failed: [400, 'The request does not match the expected shape.'],
  invalid_json: [400, 'The request body is not valid JSON.'],
  invalid_encoding: [400, 'The request body is not valid UTF-8.'],
  weak_password: [400, 'Choose a longer or less common password.'],
  invalid_totp: [400, 'That code is not valid.'],
  unauthenticated: [401, 'Sign in first.'],
  invalid_credentials: [401, 'Email or password is wrong.'],
  mfa_required: [401, 'Enter the code from your authenticator app.'],
  forbidden: [403, 'You do not have permission to do this.'],
  csrf_failed: [403, 'The request lacks a valid CSRF token.'],
  mfa_enrolment_required: [403, 'Your organisation requires two-factor authentication: enrol it first.'],
  membership_pending: [403, 'Your organisation is not an active member yet.'],
  not_found: [404, 'Not found.'],
  method_not_allowed: [405, 'Method not allowed.'],
  not_acceptable: [406, 'Not acceptable.'],
  conflict: [409, 'This conflicts with the current state.'],
  already_exists: [409, 'It already exists.'],
  gone: [410, 'This link has expired or was already used.'],
  sbom_invalid: [422, 'The file is not a readable SBOM.'],
  vex_invalid: [422, 'The file is not a readable VEX document for this product version.'],
  csaf_invalid: [422, 'The file is not a valid CSAF 2.0 document.'],
  vex_incomplete: [422, 'The VEX document does not say why a product is not affected.'],
  pgp_message_invalid: [422, 'The encrypted message is not a readable ASCII-armored OpenPGP message.'],
  pgp_not_encrypted: [422, 'The OpenPGP message is not encrypted.'],
  pgp_wrong_key: [422, 'The OpenPGP message is not encrypted to the ISAO’s key.'],
  pgp_plaintext_invalid: [422, 'The decrypted message is not text a report can hold.'],
  payload_too_large: [413, 'The request body is too large.'],
  unsupported_media_type: [415, 'Unsupported content type.'],
  too_many_requests: [429, 'Too many attempts; try again later.'],
  not_ready: [503, 'The service is starting or unavailable.'],
  internal_error: [500, 'Something went wrong on our side; it has been logged.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof errorCatalogue;

/** A domain error: thrown by services, rendered by the one error handler as `{ error: { code, message } }`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? errorCatalogue[code][1]);
    this.status = errorCatalogue[code][0];
  }
}

/** The JSON body of an error answer. */
export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}
