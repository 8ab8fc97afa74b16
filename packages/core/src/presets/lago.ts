import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface LagoOptions {
  /** The organization's HMAC key (Developers > Webhooks), UTF-8; several during a rotation. */
  secret: Secrets
}

/**
 * Lago, HMAC endpoints: `X-Lago-Signature: <base64>`, HMAC-SHA256 of the raw body, sent with
 * `X-Lago-Signature-Algorithm: hmac`. Endpoints set to Lago's default `jwt` signature (an RS256
 * JWT) are not supported: switch the endpoint to HMAC. No signed timestamp: use a replay store
 * (`X-Lago-Unique-Key` is not signed, so it is not the replay key).
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED` (also a JWT signature), `_MISMATCH`.
 *
 * @example
 * const verifier = createVerifier(presets.lago({ secret: process.env['LAGO_HMAC_KEY'] ?? '' }))
 * @see https://getlago.com/docs/api-reference/webhooks/format---signature
 */
export function lago(options: LagoOptions): Check {
  const opts = presetOptions(options, 'lago', ['secret'], {
    secret: "the organization's HMAC key from Developers > Webhooks",
  })
  return hmac({
    name: 'lago',
    header: 'x-lago-signature',
    encoding: 'base64',
    secrets: opts.secret,
  })
}
