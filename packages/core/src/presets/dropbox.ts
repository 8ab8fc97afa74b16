import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { handshakeError, isMethod, queryOf, safeChallenge, textResponse } from '../lib/handshake.js'
import { presetOptions, withHandshake } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface DropboxOptions {
  /** The app secret (App Console), UTF-8; several while it is being changed. */
  secret: Secrets
}

/**
 * Dropbox: `X-Dropbox-Signature`, hex HMAC-SHA256 of the raw body with the app secret. No signed
 * timestamp: use a replay store.
 *
 * Handshake: the unauthenticated verification request is a GET with `?challenge=`; the preset
 * echoes it as `text/plain` with `X-Content-Type-Options: nosniff`, as Dropbox asks. Mount the
 * verifier on a GET route as well as the POST route.
 *
 * @example
 * const check = presets.dropbox({ secret: process.env['DROPBOX_APP_SECRET'] ?? '' })
 * @see https://www.dropbox.com/developers/reference/webhooks
 */
export function dropbox(options: DropboxOptions): Check {
  const opts = presetOptions(options, 'dropbox', ['secret'], {
    secret: 'the app secret from the App Console',
  })
  const check = hmac({
    name: 'dropbox',
    header: 'x-dropbox-signature',
    encoding: 'hex',
    secrets: opts.secret,
  })
  return withHandshake(check, (request) => {
    if (!isMethod(request, 'GET')) return undefined
    const raw = queryOf(request).get('challenge')
    if (raw === null) return undefined
    const challenge = safeChallenge(raw)
    return challenge === undefined
      ? handshakeError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      : textResponse(challenge)
  })
}
