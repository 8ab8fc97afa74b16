/**
 * The one answer every adapter gives a rejected webhook, so Express, Koa and fetch cannot drift.
 */
import { ERROR_STATUS, WebhookError } from './errors.js'

/** Seconds a sender is asked to wait after a 503 (replay store or key set unavailable). */
const RETRY_AFTER_UNAVAILABLE = '30'

/**
 * What an adapter sends instead of running the handler: a rejection, the answer to an already
 * processed duplicate, or an endpoint handshake's answer.
 */
export interface Rejection {
  /** The full error, for `onError`; never sent to the client. Unset for duplicates and handshakes. */
  readonly error?: WebhookError | undefined
  /** From `ERROR_STATUS`. */
  readonly status: number
  /** `content-type: application/json`, plus `www-authenticate` when the check set a challenge. */
  readonly headers: Readonly<Record<string, string>>
  /** `{"error":"<code>"}` and nothing else. */
  readonly body: string
}

/**
 * A `WebhookError` by shape, not `instanceof`: an app that loads both the ESM and the CJS build (or
 * two copies of the core, or another realm) still gets its real codes.
 */
function isCoded(value: unknown): value is WebhookError {
  if (typeof value !== 'object' || value === null) return false
  const { code, status } = value as { code?: unknown; status?: unknown }
  return (
    typeof code === 'string' &&
    Object.hasOwn(ERROR_STATUS, code) &&
    status === ERROR_STATUS[code as keyof typeof ERROR_STATUS]
  )
}

/**
 * Maps a verification failure, or anything verifying threw, to the response an adapter sends. An
 * exception that is not a `WebhookError` becomes `ERR_WEBHOOK_CONFIG_INVALID` (500), with the
 * original as `cause` for `onError` only.
 *
 * @example
 * function reject(failure: unknown, onError?: (error: WebhookError) => void): Response {
 *   const { status, headers, body, error } = toRejection(failure)
 *   onError?.(error)
 *   return new Response(body, { status, headers })
 * }
 */
export function toRejection(
  failure: unknown,
  extraHeaders?: Readonly<Record<string, string>>,
): Rejection & { readonly error: WebhookError } {
  const error = isCoded(failure)
    ? failure
    : new WebhookError(
        'ERR_WEBHOOK_CONFIG_INVALID',
        'unexpected error while verifying the webhook',
        { cause: failure },
      )
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const challenge = (error as { challenge?: unknown }).challenge
  if (typeof challenge === 'string') headers['www-authenticate'] = challenge
  // A store or key set that is down now is likely back soon: tell the sender when to try again.
  if (error.status === 503) headers['retry-after'] = RETRY_AFTER_UNAVAILABLE
  return {
    error,
    status: error.status,
    headers: { ...headers, ...extraHeaders },
    body: JSON.stringify({ error: error.code }),
  }
}

/**
 * The answer to a delivery that was already processed: 200 `{"duplicate":true}`, so the sender
 * stops retrying. Not a failure: nothing goes to `onError`.
 */
export const DUPLICATE_ANSWER: Rejection = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"duplicate":true}',
}
