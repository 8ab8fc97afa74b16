/**
 * The HTTP answer every adapter gives a rejected webhook: status from the core's table, a JSON body
 * holding only the code, and the few headers a sender can act on.
 */
import type { WebhookError } from './errors.js'

export interface WebhookResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

const JSON_TYPE = { 'content-type': 'application/json' }

/** `{"error":"<code>"}` with the code's status; `WWW-Authenticate` for basic-auth failures. */
export function errorResponse(error: WebhookError, extraHeaders?: Record<string, string>): WebhookResponse {
  const challenge = (error as { challenge?: unknown }).challenge
  return {
    status: error.status,
    headers: {
      ...JSON_TYPE,
      ...(typeof challenge === 'string' ? { 'www-authenticate': challenge } : {}),
      ...extraHeaders,
    },
    body: JSON.stringify({ error: error.code }),
  }
}

/** The answer to a delivery that was already processed: success, so the sender stops retrying. */
export const DUPLICATE_RESPONSE: WebhookResponse = {
  status: 200,
  headers: JSON_TYPE,
  body: '{"duplicate":true}',
}
