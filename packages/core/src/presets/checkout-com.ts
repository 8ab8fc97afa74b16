import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface CheckoutComOptions {
  /** The signature key set on the workflow's webhook action, UTF-8. */
  secret: Secrets
}

/**
 * Checkout.com: `Cko-Signature` = hex HMAC-SHA256 of the raw body with the webhook action's
 * signature key. No timestamp: use a replay store.
 *
 * @example
 * const check = presets.checkoutCom({ secret: process.env['CKO_WEBHOOK_KEY'] ?? '' })
 * @see https://www.checkout.com/docs/developer-resources/webhooks/manage-webhooks/set-up-your-webhook-receiver
 */
export function checkoutCom(options: CheckoutComOptions): Check {
  const opts = presetOptions(options, 'checkoutCom', ['secret'], {
    secret: "the signature key of the workflow's webhook action",
  })
  return hmac({
    name: 'checkoutCom',
    header: 'cko-signature',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
