import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface OrbOptions {
  /** The endpoint's webhook secret, UTF-8; several during a rotation. */
  secret: Secrets
  /** Seconds; default 300 (`orb-billing`'s), in both directions. */
  tolerance?: number
}

/**
 * Orb: `X-Orb-Signature: v1=<hex>[ v1=<hex>]` (space-separated), HMAC-SHA256 over
 * `v1:{X-Orb-Timestamp}:{body}`. The timestamp is ISO-8601 and usually has no zone, which means
 * UTC; it is signed exactly as sent.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH` and the `TIMESTAMP_*` codes.
 *
 * @example
 * const verifier = createVerifier(presets.orb({ secret: process.env['ORB_WEBHOOK_SECRET'] ?? '' }))
 * @see https://github.com/orbcorp/orb-node/blob/main/src/resources/webhooks.ts (Orb's SDK: the reference verifier)
 */
export function orb(options: OrbOptions): Check {
  const opts = presetOptions(options, 'orb', ['secret', 'tolerance'], {
    secret: "the endpoint's webhook secret",
  })
  return hmac({
    name: 'orb',
    header: 'x-orb-signature',
    format: { pairs: 'v1', separator: ' ' },
    timestamp: { header: 'x-orb-timestamp', format: 'iso8601-utc' },
    content: 'v1:{timestamp}:{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
}
