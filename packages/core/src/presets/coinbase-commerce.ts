import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface CoinbaseCommerceOptions {
  /** The shared secret from the Commerce webhook settings, UTF-8. */
  secret: Secrets
}

/**
 * Coinbase Commerce: `X-CC-Webhook-Signature` = hex HMAC-SHA256 of the raw body. No timestamp.
 *
 * @see https://docs.cdp.coinbase.com/commerce/docs/webhooks-security
 */
export function coinbaseCommerce(options: CoinbaseCommerceOptions): Check {
  const opts = presetOptions(options, 'coinbaseCommerce', ['secret'], {
    secret: 'the shared secret from the Commerce webhook settings',
  })
  return hmac({
    name: 'coinbaseCommerce',
    header: 'x-cc-webhook-signature',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
