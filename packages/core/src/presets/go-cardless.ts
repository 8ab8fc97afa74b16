import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface GoCardlessOptions {
  /** The webhook endpoint's secret, UTF-8. */
  secret: Secrets
}

/**
 * GoCardless: `Webhook-Signature` = hex HMAC-SHA256 of the raw body (a batch of `events`) with
 * the webhook endpoint's secret. No timestamp: use a replay store.
 *
 * @example
 * const check = presets.goCardless({ secret: process.env['GOCARDLESS_WEBHOOK_SECRET'] ?? '' })
 * @see https://developer.gocardless.com/getting-started/staying-up-to-date-with-webhooks/
 */
export function goCardless(options: GoCardlessOptions): Check {
  const opts = presetOptions(options, 'goCardless', ['secret'], {
    secret: "the webhook endpoint's secret",
  })
  return hmac({
    name: 'goCardless',
    header: 'webhook-signature',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
