import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { handshakeError, safeChallenge, smallJsonObject, textResponse } from '../lib/handshake.js'
import { presetOptions, toleranceOption, withHandshake } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface TwitchOptions {
  /** The EventSub subscription's secret (10-100 characters), UTF-8. */
  secret: Secrets
  /** Seconds; default 600 (Twitch: reject messages older than 10 minutes), in both directions. */
  tolerance?: number
}

/**
 * Twitch EventSub: `Twitch-Eventsub-Message-Signature: sha256=<hex>`, HMAC-SHA256 over
 * `{id}{timestamp}{body}` with `Twitch-Eventsub-Message-Id` and the RFC 3339
 * `Twitch-Eventsub-Message-Timestamp` (nanoseconds allowed), both signed; the message id is the
 * replay key.
 *
 * Handshake: `Twitch-Eventsub-Message-Type: webhook_callback_verification` is signed like any
 * notification; once it verifies, the preset answers the body's `challenge` as `text/plain`.
 * `revocation` messages are ordinary deliveries.
 *
 * @example
 * const check = presets.twitch({ secret: process.env['TWITCH_EVENTSUB_SECRET'] ?? '' })
 * @see https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message
 * @see https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request
 */
export function twitch(options: TwitchOptions): Check {
  const opts = presetOptions(options, 'twitch', ['secret', 'tolerance'], {
    secret: "the EventSub subscription's secret",
  })
  const check = hmac({
    name: 'twitch',
    header: 'twitch-eventsub-message-signature',
    prefix: 'sha256=',
    id: { header: 'twitch-eventsub-message-id' },
    timestamp: { header: 'twitch-eventsub-message-timestamp', format: 'iso8601' },
    content: '{id}{timestamp}{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance, 600),
  })
  return withHandshake(check, async (request, context) => {
    const type = request.header('twitch-eventsub-message-type')
    if (type?.trim().toLowerCase() !== 'webhook_callback_verification') return undefined
    const verified = await check.verify(request, context)
    if (!verified.ok) return verified
    const challenge = safeChallenge(smallJsonObject(request)?.['challenge'])
    return challenge === undefined
      ? handshakeError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      : textResponse(challenge)
  })
}
