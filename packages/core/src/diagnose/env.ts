/**
 * What every diagnosis step reads: the request, its header names, and the verification time.
 */
import type { ParsedWebhookRequest } from '../request.js'

export interface DiagnosisEnv {
  readonly request: ParsedWebhookRequest
  /** Lower-case names of the headers received (`ParsedWebhookRequest` only looks names up). */
  readonly headerNames: readonly string[]
  /** ms since the epoch: the same instant the verification used. */
  readonly now: number
  /** The verifier-level tolerance override, if any. */
  readonly tolerance: number | undefined
}
