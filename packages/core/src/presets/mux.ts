import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface MuxOptions {
  /** The webhook endpoint's signing secret, UTF-8; several during a rotation. */
  secret: Secrets
  /** Seconds; default 300 (`@mux/mux-node`'s), in both directions. */
  tolerance?: number
}

/**
 * Mux: `Mux-Signature: t=<unix>,v1=<hex>[,v1=…]`, HMAC-SHA256 over `{t}.{body}`; any `v1` may
 * match. Unlike `@mux/mux-node`, a timestamp too far in the future is rejected too.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH` and the `TIMESTAMP_*` codes.
 *
 * @example
 * const verifier = createVerifier(presets.mux({ secret: process.env['MUX_WEBHOOK_SECRET'] ?? '' }))
 * @see https://www.mux.com/docs/core/verify-webhook-signatures
 */
export function mux(options: MuxOptions): Check {
  const opts = presetOptions(options, 'mux', ['secret', 'tolerance'], {
    secret: "the webhook endpoint's signing secret",
  })
  return hmac({
    name: 'mux',
    header: 'mux-signature',
    format: { pairs: 'v1' },
    timestamp: { param: 't' },
    content: '{timestamp}.{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
}
