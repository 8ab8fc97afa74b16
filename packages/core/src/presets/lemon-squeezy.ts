import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface LemonSqueezyOptions {
  /** The webhook's signing secret, UTF-8. */
  secret: Secrets
}

/**
 * Lemon Squeezy: `X-Signature` = hex HMAC-SHA256 of the raw body. No timestamp.
 *
 * @see https://docs.lemonsqueezy.com/help/webhooks/signing-requests
 */
export function lemonSqueezy(options: LemonSqueezyOptions): Check {
  const opts = presetOptions(options, 'lemonSqueezy', ['secret'], {
    secret: "the webhook's signing secret",
  })
  return hmac({
    name: 'lemonSqueezy',
    header: 'x-signature',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
