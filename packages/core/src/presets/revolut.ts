import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface RevolutOptions {
  /** The webhook's signing secret (`wsk_…`), used as UTF-8 as is; several during a rotation. */
  secret: Secrets
  /** Seconds; default 300 (Revolut: within 5 minutes), in both directions. */
  tolerance?: number
}

/**
 * Revolut (Merchant, Business, Crypto Ramp): `Revolut-Signature: v1=<hex>[,v1=<hex>]` (one per
 * active secret while a rotated one is still valid), HMAC-SHA256 over
 * `v1.{Revolut-Request-Timestamp}.{body}`; the timestamp is in milliseconds.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH` and the `TIMESTAMP_*` codes.
 *
 * @example
 * const verifier = createVerifier(presets.revolut({ secret: process.env['REVOLUT_SIGNING_SECRET'] ?? '' }))
 * @see https://developer.revolut.com/docs/guides/accept-payments/tutorials/work-with-webhooks/verify-the-payload-signature
 */
export function revolut(options: RevolutOptions): Check {
  const opts = presetOptions(options, 'revolut', ['secret', 'tolerance'], {
    secret: "the webhook's signing secret, wsk_...",
  })
  return hmac({
    name: 'revolut',
    header: 'revolut-signature',
    format: { pairs: 'v1' },
    timestamp: { header: 'revolut-request-timestamp', format: 'unix-ms' },
    content: 'v1.{timestamp}.{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
}
