import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { handshakeError, jsonResponse, safeChallenge, smallJsonObject } from '../lib/handshake.js'
import { presetOptions, toleranceOption, withHandshake } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface SlackOptions {
  /** The app's signing secret, UTF-8. */
  secret: Secrets
  /** Seconds; default 300 (Slack's SDKs), in both directions. */
  tolerance?: number
}

/**
 * Slack: `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 over `v0:{timestamp}:{body}` with the
 * `X-Slack-Request-Timestamp` header (unix seconds).
 *
 * Handshake: the Events API `url_verification` request is signed like any other; once it
 * verifies, the preset answers `{"challenge": ...}` as JSON (what Bolt answers).
 *
 * @example
 * const check = presets.slack({ secret: process.env['SLACK_SIGNING_SECRET'] ?? '' })
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 * @see https://api.slack.com/events/url_verification
 */
export function slack(options: SlackOptions): Check {
  const opts = presetOptions(options, 'slack', ['secret', 'tolerance'], {
    secret: "the app's signing secret",
  })
  const check = hmac({
    name: 'slack',
    header: 'x-slack-signature',
    prefix: 'v0=',
    timestamp: { header: 'x-slack-request-timestamp' },
    content: 'v0:{timestamp}:{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
  return withHandshake(check, async (request, context) => {
    const body = smallJsonObject(request, 'url_verification')
    if (body?.['type'] !== 'url_verification') return undefined
    const verified = await check.verify(request, context)
    if (!verified.ok) return verified
    const challenge = safeChallenge(body['challenge'])
    return challenge === undefined
      ? handshakeError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      : jsonResponse({ challenge })
  })
}
