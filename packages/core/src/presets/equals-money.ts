import { renamed, type Check } from '../check.js'
import { apiKey } from '../checks/api-key.js'
import { hmac } from '../checks/hmac.js'
import { allOf } from '../combinators.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface EqualsMoneyOptions {
  /**
   * The webhook's `sharedSecret` (a UUID of up to 36 characters), used as UTF-8 as typed, hyphens
   * included. Equals switches at once on a PATCH: hold `[new, old]` while it propagates.
   */
  secret: Secrets
  /**
   * The webhook's `authorizationHeader` (e.g. `Basic AXVubzpwQDU1dzByYM==`): when set, the whole
   * `Authorization` header must equal it (constant time).
   */
  authorizationHeader?: Secrets
}

/**
 * Equals Money: `x-em-signature` = Base64 HMAC-SHA256 of the raw body, no prefix and no timestamp
 * (standard Base64; URL-safe Base64 with or without padding is accepted too). Nothing is signed
 * against replay: use a replay store, or dedupe on the body's `messageId`.
 *
 * @see https://docs.equalsmoney.com/pages/webhooks/create-webhooks
 */
export function equalsMoney(options: EqualsMoneyOptions): Check {
  const opts = presetOptions(options, 'equalsMoney', ['secret', 'authorizationHeader'], {
    secret: "the webhook's sharedSecret",
  })
  const signature = hmac({
    name: 'equalsMoney',
    header: 'x-em-signature',
    encoding: ['base64', 'base64url'],
    secrets: opts.secret,
  })
  if (opts.authorizationHeader === undefined) return signature
  const authorization = apiKey({
    name: 'equalsMoney',
    header: 'authorization',
    keys: opts.authorizationHeader,
  })
  return renamed(allOf(authorization, signature), 'equalsMoney')
}
