import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface PaddleOptions {
  /** The notification destination's secret key (`pdl_ntfset_...`), UTF-8 as is. */
  secret: Secrets
  /** Seconds; default 5 (the Paddle SDKs' default), in both directions. */
  tolerance?: number
}

/**
 * Paddle Billing: `Paddle-Signature: ts=<unix>;h1=<hex>[;h1=<hex>]`, HMAC-SHA256 over
 * `{ts}:{body}`; several `h1` during a secret rotation, any may match. (Paddle Classic's
 * `p_signature` is a different, RSA scheme.)
 *
 * @see https://developer.paddle.com/webhooks/signature-verification
 */
export function paddle(options: PaddleOptions): Check {
  const opts = presetOptions(options, 'paddle', ['secret', 'tolerance'], {
    secret: "the notification destination's secret key, pdl_ntfset_...",
  })
  return hmac({
    name: 'paddle',
    header: 'paddle-signature',
    format: { pairs: 'h1', separator: ';' },
    timestamp: { param: 'ts' },
    content: '{timestamp}:{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance, 5),
  })
}
