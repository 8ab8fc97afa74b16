import type { Check } from '../check.js'
import { ecdsa } from '../checks/ecdsa.js'
import { hmac } from '../checks/hmac.js'
import { WebhookConfigError } from '../errors.js'
import type { PublicKeys } from '../lib/key-set.js'
import {
  presetOptions,
  requiredOption,
  toleranceOption,
  withRequiredHeaders,
} from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

/** `secret` for HS256 or `publicKey` for ES256, never both. */
export type MonimeOptions = MonimeCommonOptions &
  (
    | {
        /**
         * HS256: the `verificationMethod.secret` you chose (32-256 characters), used as UTF-8.
         * Monime cannot change it on a webhook: rotate by creating a second webhook and pass both
         * secrets.
         */
        secret: Secrets
        publicKey?: undefined
      }
    | {
        /**
         * ES256 (experimental): the PEM P-256 `verificationMethod.publicKey` Monime returned; pass
         * both webhooks' keys while rotating.
         */
        publicKey: PublicKeys
        secret?: undefined
      }
  )

export interface MonimeCommonOptions {
  /**
   * The static `headers` you configured on the webhook (at most 10), each required on every
   * delivery and compared in constant time with the whole header value.
   */
  headers?: Readonly<Record<string, string>>
  /** Seconds; default 300 (Monime's own plugins), in both directions. */
  tolerance?: number
}

/**
 * Monime HS256: `Monime-Signature: t=<unix>,v1=<base64>`, HMAC-SHA256 over `{t}_{body}` (an
 * underscore), standard Base64.
 *
 * ES256 (`publicKey`, experimental: Monime has not published the format) assumes the same header
 * and signed bytes, ECDSA P-256 / SHA-256, the signature DER or P1363 (told apart strictly) in
 * Base64 or Base64url.
 *
 * @example
 * const check = presets.monime({
 *   secret: process.env['MONIME_SECRET'] ?? '',
 *   headers: { 'x-api-key': process.env['MONIME_HEADER_KEY'] ?? '' },
 * })
 * @see https://docs.monime.io/guide/webhook/hmac-verification
 * @see https://github.com/monimesl/Wp-Monime/blob/main/src/Monime/core/webhook.php
 */
export function monime(options: MonimeOptions): Check {
  const opts = presetOptions(options, 'monime', ['secret', 'publicKey', 'headers', 'tolerance'])
  if ((opts.secret === undefined) === (opts.publicKey === undefined)) {
    throw new WebhookConfigError('monime: give either secret (HS256) or publicKey (ES256)')
  }
  if (opts.secret !== undefined) requiredOption(opts, 'secret', 'monime', 'the webhook secret')
  else requiredOption(opts, 'publicKey', 'monime', "the webhook's PEM public key")
  const scheme = {
    name: 'monime',
    header: 'monime-signature',
    format: { pairs: 'v1' },
    timestamp: { param: 't' },
    content: '{timestamp}_{body}',
    ...toleranceOption(opts.tolerance),
  } as const
  const signature =
    opts.publicKey === undefined
      ? hmac({ ...scheme, encoding: 'base64', secrets: opts.secret })
      : ecdsa({
          ...scheme,
          encoding: ['base64', 'base64url'],
          signatureFormat: 'auto',
          curve: 'P-256',
          keys: opts.publicKey,
        })
  return withRequiredHeaders('monime', signature, opts.headers)
}
