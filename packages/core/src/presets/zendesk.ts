import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface ZendeskOptions {
  /** The webhook's signing secret, used as UTF-8 as is (not Base64-decoded); several during a rotation. */
  secret: Secrets
  /** Seconds; default 300 (Zendesk documents none), in both directions. */
  tolerance?: number
}

/**
 * Zendesk webhooks: `X-Zendesk-Webhook-Signature: <base64>`, HMAC-SHA256 over
 * `{timestamp}{body}` (no separator) with the ISO-8601 `X-Zendesk-Webhook-Signature-Timestamp`.
 * A request without a body (GET, DELETE) signs the timestamp alone.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH` and the `TIMESTAMP_*` codes.
 *
 * @example
 * const verifier = createVerifier(presets.zendesk({ secret: process.env['ZENDESK_SIGNING_SECRET'] ?? '' }))
 * @see https://developer.zendesk.com/documentation/webhooks/verifying/
 */
export function zendesk(options: ZendeskOptions): Check {
  const opts = presetOptions(options, 'zendesk', ['secret', 'tolerance'], {
    secret: "the webhook's signing secret",
  })
  return hmac({
    name: 'zendesk',
    header: 'x-zendesk-webhook-signature',
    timestamp: { header: 'x-zendesk-webhook-signature-timestamp', format: 'iso8601' },
    content: '{timestamp}{body}',
    encoding: 'base64',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
}
