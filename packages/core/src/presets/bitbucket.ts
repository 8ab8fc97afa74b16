import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface BitbucketOptions {
  /** The webhook's secret, UTF-8; several during a rotation. */
  secret: Secrets
}

/**
 * Bitbucket (Cloud, and Data Center / Server): `X-Hub-Signature: sha256=<hex>`, HMAC-SHA256 of the
 * raw body. The header name is GitHub's old SHA-1 one, but the value is SHA-256. No signed
 * timestamp: use a replay store.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH`.
 *
 * @example
 * const verifier = createVerifier(presets.bitbucket({ secret: process.env['BITBUCKET_SECRET'] ?? '' }))
 * @see https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/
 */
export function bitbucket(options: BitbucketOptions): Check {
  const opts = presetOptions(options, 'bitbucket', ['secret'], { secret: "the webhook's secret" })
  return hmac({
    name: 'bitbucket',
    header: 'x-hub-signature',
    prefix: 'sha256=',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
