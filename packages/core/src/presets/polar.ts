import type { Check } from '../check.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'
import { standardWebhooksCheck } from './standard-webhooks.js'

export interface PolarOptions {
  /** The endpoint's secret exactly as Polar shows it; its UTF-8 bytes are the key. Several during a rotation. */
  secret: Secrets
  /** Seconds; default 300 (`@polar-sh/sdk`'s), in both directions. */
  tolerance?: number
}

/**
 * Polar: Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64>`) over `{id}.{timestamp}.{body}`, but keyed with the UTF-8
 * bytes of the whole secret, not Base64 after `whsec_` (what `@polar-sh/sdk` tries first; its
 * fallback, the secret Base64-decoded, is not guessed here).
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH` and the `TIMESTAMP_*` codes.
 *
 * @example
 * const verifier = createVerifier(presets.polar({ secret: process.env['POLAR_WEBHOOK_SECRET'] ?? '' }))
 * @see https://docs.polar.sh/integrate/webhooks/delivery (and `@polar-sh/sdk`'s `validateEvent`)
 */
export function polar(options: PolarOptions): Check {
  const opts = presetOptions(options, 'polar', ['secret', 'tolerance'], {
    secret: "the endpoint's webhook secret",
  })
  return standardWebhooksCheck('polar', opts, { secretEncoding: 'utf8' })
}
