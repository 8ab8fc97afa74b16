import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { createCredentialMatcher } from '../lib/credentials.js'
import { utf8 } from '../lib/encoding.js'
import {
  handshakeError,
  isMethod,
  queryOf,
  safeChallenge,
  textResponse,
  tokenEntries,
} from '../lib/handshake.js'
import { presetOptions, withHandshake } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface MetaOptions {
  /** The app secret (App Dashboard > Settings > Basic), UTF-8; several during a reset. */
  secret: Secrets
  /**
   * The Verify Token you typed into the Webhooks product settings (several while changing it).
   * Without it the preset does not answer the GET verification request.
   */
  verifyToken?: Secrets
}

/**
 * Meta Graph API webhooks (Facebook, Instagram, Messenger, WhatsApp Cloud API):
 * `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 of the raw body with the app secret. No signed
 * timestamp: use a replay store.
 *
 * Handshake: the verification request is a GET with `hub.mode=subscribe`, `hub.challenge` and
 * `hub.verify_token`. With `verifyToken` set, the token is compared in constant time and the
 * preset answers `hub.challenge` as `text/plain`; a wrong token is `ERR_WEBHOOK_CREDENTIALS_INVALID`.
 * Mount the verifier on a GET route as well as the POST route.
 *
 * @example
 * const check = presets.meta({ secret: process.env['META_APP_SECRET'] ?? '', verifyToken: process.env['META_VERIFY_TOKEN'] ?? '' })
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started
 */
export function meta(options: MetaOptions): Check {
  const opts = presetOptions(options, 'meta', ['secret', 'verifyToken'], {
    secret: 'the App Secret from App Dashboard > Settings > Basic',
  })
  const check = hmac({
    name: 'meta',
    header: 'x-hub-signature-256',
    prefix: 'sha256=',
    encoding: 'hex',
    secrets: opts.secret,
  })
  if (opts.verifyToken === undefined) return check
  const tokens = createCredentialMatcher(tokenEntries(opts.verifyToken, 'meta verifyToken'))
  return withHandshake(check, async (request, context) => {
    if (!isMethod(request, 'GET')) return undefined
    const query = queryOf(request)
    if (query.get('hub.mode') !== 'subscribe') return undefined
    const token = query.get('hub.verify_token')
    if (token === null || token === '') return handshakeError('ERR_WEBHOOK_CREDENTIALS_MISSING')
    // Compares digests of both sides: neither the token's length nor its content shows in timing.
    if ((await tokens.match(utf8(token), context.now)) === undefined) {
      return handshakeError('ERR_WEBHOOK_CREDENTIALS_INVALID')
    }
    const challenge = safeChallenge(query.get('hub.challenge'))
    return challenge === undefined
      ? handshakeError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      : textResponse(challenge)
  })
}
