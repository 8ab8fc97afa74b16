import type { Check } from '../check.js'
import { ed25519 } from '../checks/ed25519.js'
import type { PublicKeys } from '../lib/key-set.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'

export interface StandardWebhooksAsymmetricOptions {
  /** `whpk_<base64>` public key(s) (also PEM, JWK or raw 32 bytes); several during a rotation. */
  publicKey: PublicKeys
  /** Seconds; default 300, in both directions, as the spec asks. */
  tolerance?: number
}

/**
 * Standard Webhooks, asymmetric: `webhook-signature: v1a,<base64 Ed25519>` (space-separated list,
 * any match) over `{id}.{timestamp}.{body}`, keys `whpk_...`. `v1` (HMAC) entries are skipped; the
 * replay key is the signed `webhook-id`.
 *
 * @example
 * const check = presets.standardWebhooksAsymmetric({ publicKey: process.env['WEBHOOK_PUBLIC_KEY'] ?? '' })
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#asymmetric-signatures
 */
export function standardWebhooksAsymmetric(options: StandardWebhooksAsymmetricOptions): Check {
  const opts = presetOptions(options, 'standardWebhooksAsymmetric', ['publicKey', 'tolerance'], {
    publicKey: 'the whpk_... public key',
  })
  return ed25519({
    name: 'standardWebhooksAsymmetric',
    header: 'webhook-signature',
    format: { tokens: 'v1a' },
    id: { header: 'webhook-id' },
    timestamp: { header: 'webhook-timestamp' },
    content: '{id}.{timestamp}.{body}',
    encoding: 'base64',
    keys: opts.publicKey,
    ...toleranceOption(opts.tolerance),
  })
}
