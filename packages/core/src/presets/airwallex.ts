import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface AirwallexOptions {
  /** The webhook subscription's secret, UTF-8. */
  secret: Secrets
  /** Seconds; default 300 (Airwallex documents none), in both directions. */
  tolerance?: number
}

/**
 * Airwallex: `x-signature` = hex HMAC-SHA256 over `{x-timestamp}{body}` (no separator), with
 * `x-timestamp` in Unix milliseconds.
 *
 * @example
 * const check = presets.airwallex({ secret: process.env['AIRWALLEX_WEBHOOK_SECRET'] ?? '' })
 * @see https://www.airwallex.com/docs/developer-tools/webhooks/listen-for-webhook-events
 */
export function airwallex(options: AirwallexOptions): Check {
  const opts = presetOptions(options, 'airwallex', ['secret', 'tolerance'], {
    secret: "the webhook's secret",
  })
  return hmac({
    name: 'airwallex',
    header: 'x-signature',
    timestamp: { header: 'x-timestamp', format: 'unix-ms' },
    content: '{timestamp}{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
}
