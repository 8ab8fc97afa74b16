import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface SentryOptions {
  /** The integration's Client Secret, UTF-8; several during a rotation. */
  secret: Secrets
}

/**
 * Sentry integration platform: `Sentry-Hook-Signature: <hex>`, HMAC-SHA256 of the raw body with
 * the integration's Client Secret. `Sentry-Hook-Timestamp` is not signed, so it is not checked:
 * use a replay store.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH`.
 *
 * @example
 * const verifier = createVerifier(presets.sentry({ secret: process.env['SENTRY_CLIENT_SECRET'] ?? '' }))
 * @see https://docs.sentry.io/integrations/integration-platform/webhooks/
 */
export function sentry(options: SentryOptions): Check {
  const opts = presetOptions(options, 'sentry', ['secret'], {
    secret: "the integration's Client Secret",
  })
  return hmac({
    name: 'sentry',
    header: 'sentry-hook-signature',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
