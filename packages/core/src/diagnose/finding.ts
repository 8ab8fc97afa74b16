/**
 * What `diagnose` reports: a stable code and one human sentence. Messages name headers, key ids,
 * templates, times and tolerances; never a secret, a signature, a credential or body bytes.
 */

/** Every finding `diagnose` can report. */
export type FindingCode =
  | 'DIAG_BODY_RESERIALISED'
  | 'DIAG_BODY_TRAILING_NEWLINE'
  | 'DIAG_BODY_KEYS_SORTED'
  | 'DIAG_SIGNATURE_ENCODING'
  | 'DIAG_SIGNATURE_PREFIX'
  | 'DIAG_SIGNATURE_FORMAT'
  | 'DIAG_SIGNATURE_HEADER_MISSING'
  | 'DIAG_SIGNATURE_HEADER_ELSEWHERE'
  | 'DIAG_SIGNATURE_MATCHES'
  | 'DIAG_TEMPLATE_MISMATCH'
  | 'DIAG_TIMESTAMP_SKEW'
  | 'DIAG_TIMESTAMP_FORMAT'
  | 'DIAG_TIMESTAMP_MISSING'
  | 'DIAG_ID_MISSING'
  | 'DIAG_SECRET_EXPIRED'
  | 'DIAG_SECRET_NOT_YET_VALID'
  | 'DIAG_SECRET_WRONG'
  | 'DIAG_KEY_UNAVAILABLE'
  | 'DIAG_CREDENTIALS_MISSING'
  | 'DIAG_CREDENTIALS_HEADER_ELSEWHERE'
  | 'DIAG_CREDENTIALS_SCHEME'
  | 'DIAG_CREDENTIALS_PREFIX'
  | 'DIAG_CREDENTIALS_WRONG'
  | 'DIAG_PASSWORD_WRONG'
  | 'DIAG_USERNAME_UNKNOWN'
  | 'DIAG_NOT_INSPECTABLE'

/** One probable cause of a rejection. */
export interface Finding {
  readonly code: FindingCode
  /** A sentence for a person; holds no secret, signature, credential or body byte. */
  readonly message: string
}

export function finding(code: FindingCode, message: string): Finding {
  return { code, message }
}

/** `2026-01-02T03:04:05.000Z`, or a word for an open bound. */
export function instant(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : ms > 0 ? 'never' : 'always'
}

/** Whole seconds between two instants, for messages. */
export function seconds(ms: number): number {
  return Math.round(Math.abs(ms) / 1000)
}
