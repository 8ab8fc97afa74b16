import type { Check } from '../check.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'
import { standardWebhooksCheck } from './standard-webhooks.js'

export interface ReplicateOptions {
  /** The `whsec_…` secret from `GET /v1/webhooks/default/secret` (key = Base64 after the prefix). */
  secret: Secrets
  /** Seconds; default 300 (the Standard Webhooks spec's), in both directions. */
  tolerance?: number
}

/**
 * Replicate: Standard Webhooks under `webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64>[ v1,<base64>]`, HMAC-SHA256 over `{id}.{timestamp}.{body}`.
 * Unlike the `replicate` SDK's `validateWebhook`, the timestamp is checked.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH` and the `TIMESTAMP_*` codes.
 *
 * @example
 * const verifier = createVerifier(presets.replicate({ secret: process.env['REPLICATE_WEBHOOK_SECRET'] ?? '' }))
 * @see https://replicate.com/docs/topics/webhooks/verify-webhook
 */
export function replicate(options: ReplicateOptions): Check {
  const opts = presetOptions(options, 'replicate', ['secret', 'tolerance'], {
    secret: 'the whsec_... secret from GET /v1/webhooks/default/secret',
  })
  return standardWebhooksCheck('replicate', opts)
}
