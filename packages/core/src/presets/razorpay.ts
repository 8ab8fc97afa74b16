import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface RazorpayOptions {
  /** The webhook secret set in the Razorpay Dashboard (not the API key secret), UTF-8. */
  secret: Secrets
}

/**
 * Razorpay: `X-Razorpay-Signature` = hex HMAC-SHA256 of the raw body with the webhook secret, as
 * the SDK's `validateWebhookSignature` computes it. No timestamp: use a replay store (the
 * `x-razorpay-event-id` header is not signed).
 *
 * @example
 * const check = presets.razorpay({ secret: process.env['RAZORPAY_WEBHOOK_SECRET'] ?? '' })
 * @see https://razorpay.com/docs/webhooks/validate-test/
 */
export function razorpay(options: RazorpayOptions): Check {
  const opts = presetOptions(options, 'razorpay', ['secret'], {
    secret: 'the webhook secret set in the Dashboard, not the API key secret',
  })
  return hmac({
    name: 'razorpay',
    header: 'x-razorpay-signature',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
