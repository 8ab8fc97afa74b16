import { renamed, type Check } from '../check.js'
import { apiKey } from '../checks/api-key.js'
import { hmac } from '../checks/hmac.js'
import { anyOf } from '../combinators.js'
import { WebhookConfigError } from '../errors.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface FlutterwaveOptions {
  /** The secret hash set in the dashboard's webhook settings, UTF-8. */
  secret: Secrets
  /**
   * Also accept the legacy (v3) `verif-hash` header, which carries the secret hash itself.
   * Default `true`; set `false` once every webhook sends `flutterwave-signature`.
   */
  legacy?: boolean
}

/**
 * Flutterwave: `flutterwave-signature` = Base64 HMAC-SHA256 of the raw body with the secret hash
 * (v4 webhooks); or, for v3 webhooks, `verif-hash` = the secret hash itself, compared in constant
 * time and binding nothing to the body. No timestamp: use a replay store.
 *
 * @example
 * const check = presets.flutterwave({ secret: process.env['FLW_SECRET_HASH'] ?? '', legacy: false })
 * @see https://developer.flutterwave.com/docs/webhooks
 */
export function flutterwave(options: FlutterwaveOptions): Check {
  const opts = presetOptions(options, 'flutterwave', ['secret', 'legacy'], {
    secret: "the secret hash from the dashboard's webhook settings",
  })
  if (opts.legacy !== undefined && typeof opts.legacy !== 'boolean') {
    throw new WebhookConfigError('flutterwave: legacy must be true or false')
  }
  const signature = hmac({
    name: 'flutterwave',
    header: 'flutterwave-signature',
    encoding: 'base64',
    secrets: opts.secret,
  })
  if (opts.legacy === false) return signature
  const verifHash = apiKey({ name: 'flutterwave', header: 'verif-hash', keys: opts.secret })
  return renamed(anyOf(signature, verifHash), 'flutterwave')
}
