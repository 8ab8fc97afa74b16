import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface ShopifyOptions {
  /** The app's client secret (or the store's webhook signing secret), UTF-8; several while rotating. */
  secret: Secrets
}

/**
 * Shopify: `X-Shopify-Hmac-Sha256` = Base64 HMAC-SHA256 of the raw body. No timestamp is signed:
 * use a replay store (or dedupe on `X-Shopify-Event-Id`).
 *
 * @see https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
 */
export function shopify(options: ShopifyOptions): Check {
  const opts = presetOptions(options, 'shopify', ['secret'], {
    secret: "the app's client secret or the webhook signing secret",
  })
  return hmac({
    name: 'shopify',
    header: 'x-shopify-hmac-sha256',
    encoding: 'base64',
    secrets: opts.secret,
  })
}
