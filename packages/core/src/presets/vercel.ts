import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface VercelOptions {
  /** The webhook secret (or the integration's Client Secret), UTF-8. */
  secret: Secrets
}

/**
 * Vercel: `x-vercel-signature` = hex HMAC-SHA1 of the raw body. No timestamp.
 *
 * @see https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks
 */
export function vercel(options: VercelOptions): Check {
  const opts = presetOptions(options, 'vercel', ['secret'], {
    secret: "the webhook secret or the integration's Client Secret",
  })
  return hmac({
    name: 'vercel',
    header: 'x-vercel-signature',
    algorithm: 'sha1',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
