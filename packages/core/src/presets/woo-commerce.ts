import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface WooCommerceOptions {
  /** The webhook's secret, UTF-8. */
  secret: Secrets
}

/**
 * WooCommerce: `X-WC-Webhook-Signature` = Base64 HMAC-SHA256 of the raw body. No timestamp. The
 * first ping on creation is form-encoded `webhook_id=...` and unsigned: it fails verification.
 *
 * @see https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks
 */
export function wooCommerce(options: WooCommerceOptions): Check {
  const opts = presetOptions(options, 'wooCommerce', ['secret'], { secret: "the webhook's secret" })
  return hmac({
    name: 'wooCommerce',
    header: 'x-wc-webhook-signature',
    encoding: 'base64',
    secrets: opts.secret,
  })
}
