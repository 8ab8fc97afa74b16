import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface IntercomOptions {
  /** The app's `client_secret`, UTF-8. */
  secret: Secrets
}

/**
 * Intercom: `X-Hub-Signature: sha1=<hex>`, HMAC-SHA1 of the raw body. No timestamp.
 *
 * @see https://developers.intercom.com/docs/references/webhooks/webhook-models#signed-notifications
 */
export function intercom(options: IntercomOptions): Check {
  const opts = presetOptions(options, 'intercom', ['secret'], { secret: "the app's client_secret" })
  return hmac({
    name: 'intercom',
    header: 'x-hub-signature',
    prefix: 'sha1=',
    algorithm: 'sha1',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
