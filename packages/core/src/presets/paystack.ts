import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface PaystackOptions {
  /** The integration's secret key (`sk_live_...` / `sk_test_...`), UTF-8. */
  secret: Secrets
}

/**
 * Paystack: `x-paystack-signature` = hex HMAC-SHA512 of the raw body with the secret key. No
 * timestamp: use a replay store.
 *
 * @example
 * const check = presets.paystack({ secret: process.env['PAYSTACK_SECRET_KEY'] ?? '' })
 * @see https://paystack.com/docs/payments/webhooks/#verify-event-origin
 */
export function paystack(options: PaystackOptions): Check {
  const opts = presetOptions(options, 'paystack', ['secret'], {
    secret: 'the secret key, sk_live_... or sk_test_...',
  })
  return hmac({
    name: 'paystack',
    header: 'x-paystack-signature',
    algorithm: 'sha512',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
