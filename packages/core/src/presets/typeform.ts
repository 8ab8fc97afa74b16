import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface TypeformOptions {
  /** The webhook's secret, UTF-8. */
  secret: Secrets
}

/**
 * Typeform: `Typeform-Signature: sha256=<base64>`, HMAC-SHA256 of the raw body. No timestamp.
 *
 * @see https://www.typeform.com/developers/webhooks/secure-your-webhooks/
 */
export function typeform(options: TypeformOptions): Check {
  const opts = presetOptions(options, 'typeform', ['secret'], { secret: "the webhook's secret" })
  return hmac({
    name: 'typeform',
    header: 'typeform-signature',
    prefix: 'sha256=',
    encoding: 'base64',
    secrets: opts.secret,
  })
}
