import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { decodeUtf8 } from '../lib/encoding.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { Secrets } from '../secrets.js'

export interface LinearOptions {
  /** The webhook's signing secret, UTF-8. */
  secret: Secrets
  /** Seconds; default 60 (Linear's SDK), in both directions. */
  tolerance?: number
}

/**
 * `webhookTimestamp` (ms) from the JSON body, as text, or `undefined`. It is covered by the
 * signature because the whole body is; a non-integer value is passed on so it fails as invalid.
 */
function webhookTimestamp(request: ParsedWebhookRequest): string | undefined {
  const text = decodeUtf8(request.body)
  if (text === undefined) return undefined
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof payload !== 'object' || payload === null) return undefined
  const value = (payload as { webhookTimestamp?: unknown }).webhookTimestamp
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value >= 0 ? String(value) : 'invalid'
  return typeof value === 'string' ? value : undefined
}

/**
 * Linear: `Linear-Signature` = hex HMAC-SHA256 of the raw body; the delivery time is
 * `webhookTimestamp` (ms) inside the signed JSON body.
 *
 * @see https://linear.app/developers/webhooks#securing-webhooks
 */
export function linear(options: LinearOptions): Check {
  const opts = presetOptions(options, 'linear', ['secret', 'tolerance'], {
    secret: "the webhook's signing secret",
  })
  return hmac({
    name: 'linear',
    header: 'linear-signature',
    timestamp: { from: webhookTimestamp, format: 'unix-ms' },
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance, 60),
  })
}
