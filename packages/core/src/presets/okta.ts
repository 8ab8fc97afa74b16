import type { Check } from '../check.js'
import { apiKey } from '../checks/api-key.js'
import { handshakeError, isMethod, jsonResponse, safeChallenge } from '../lib/handshake.js'
import { presetOptions, withHandshake } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface OktaOptions {
  /**
   * The event hook's "Authentication secret": the whole header value Okta sends (e.g.
   * `'Basic dXNlcjpwYXNz'` or a random token); several while you change it.
   */
  secret: Secrets
  /** The hook's "Authentication field" (header name); default `'authorization'`. */
  header?: string
}

/**
 * Okta event hooks: Okta signs nothing; each delivery carries the header you configured on the
 * hook (default `Authorization`), compared in constant time with `secret`. No timestamp and no
 * signature: use HTTPS, and note that a replay store cannot key on a credential.
 *
 * Handshake: the one-time verification request is a GET with `X-Okta-Verification-Challenge`; the
 * preset answers `{"verification": <value>}` as JSON without requiring the credential (Okta's own
 * samples answer it unauthenticated). Mount the verifier on a GET route as well as the POST route.
 *
 * @example
 * const check = presets.okta({ secret: process.env['OKTA_HOOK_SECRET'] ?? '' })
 * @see https://developer.okta.com/docs/concepts/event-hooks/
 * @see https://developer.okta.com/docs/guides/event-hook-implementation/nodejs/main/
 */
export function okta(options: OktaOptions): Check {
  const opts = presetOptions(options, 'okta', ['secret', 'header'], {
    secret: "the event hook's Authentication secret",
  })
  const check = apiKey({ name: 'okta', header: opts.header ?? 'authorization', keys: opts.secret })
  return withHandshake(check, (request) => {
    if (!isMethod(request, 'GET')) return undefined
    const raw = request.header('x-okta-verification-challenge')
    if (raw === undefined) return undefined
    const verification = safeChallenge(raw.trim())
    return verification === undefined
      ? handshakeError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      : jsonResponse({ verification })
  })
}
