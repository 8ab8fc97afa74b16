import type { Check } from '../check.js'
import { jws } from '../checks/jws.js'
import type { PublicKeys } from '../lib/key-set.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { KeyResolver, RemoteJwksOptions } from '../lib/remote-jwks.js'

export interface PlaidOptions {
  /**
   * Plaid's verification key(s) as JWKs, or a JWKS, each chosen by the token's `kid`; or, as Plaid
   * intends, a resolver calling `/webhook_verification_key/get` for an unknown `kid`:
   * `keys: async (kid) => (await plaid.webhookVerificationKeyGet({ key_id: kid })).data.key`.
   * Answers are cached per `kid` (see `jwksCache`); a key's `expired_at` ends its validity.
   * Give `keys` or `jwksUrl`.
   */
  keys?: PublicKeys | KeyResolver
  /**
   * An `https:` JWKS URL serving Plaid's keys (your own cache or proxy of
   * `/webhook_verification_key/get`); `http:` only to loopback, with `jwksCache.allowLoopbackHttp`.
   */
  jwksUrl?: string | URL
  jwksCache?: RemoteJwksOptions
  /** Seconds for `iat`; default 300 (Plaid: "no more than 5 minutes old"), in both directions. */
  tolerance?: number
}

// example prelude: declare const plaidClient: {
//   // Plaid's Node SDK (plaid): PlaidApi and JWKPublicKey, trimmed to what the example uses
//   webhookVerificationKeyGet(request: { key_id: string }): Promise<{
//     data: { key: { alg: string; crv: string; kid: string; kty: string; use: string; x: string; y: string } }
//   }>
// }
/**
 * Plaid: an ES256 compact JWS in `Plaid-Verification` whose `request_body_sha256` claim is the hex
 * SHA-256 of the raw body and whose `iat` is at most 5 minutes old. Only ES256 is accepted
 * (never `none` or `HS256`).
 *
 * @example
 * const check = presets.plaid({
 *   keys: async (kid) => (await plaidClient.webhookVerificationKeyGet({ key_id: kid })).data.key,
 * })
 * @see https://plaid.com/docs/api/webhooks/webhook-verification/
 */
export function plaid(options: PlaidOptions): Check {
  const opts = presetOptions(options, 'plaid', ['keys', 'jwksUrl', 'jwksCache', 'tolerance'])
  return jws({
    name: 'plaid',
    header: 'plaid-verification',
    algorithms: ['ES256'],
    bodyHashClaim: 'request_body_sha256',
    ...(opts.keys === undefined ? {} : { keys: opts.keys }),
    ...(opts.jwksUrl === undefined ? {} : { jwksUrl: opts.jwksUrl }),
    ...(opts.jwksCache === undefined ? {} : { jwksCache: opts.jwksCache }),
    ...toleranceOption(opts.tolerance),
  })
}
