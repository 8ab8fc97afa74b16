import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { pinnedUrlOption, withPinnedQuery } from '../lib/pinned-url.js'
import { presetOptions, withSignedTarget } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface SquareOptions {
  /** The subscription's signature key, UTF-8. */
  secret: Secrets
  /**
   * The notification URL exactly as configured on the subscription (Square's `notification_url`).
   * Strongly recommended. Square signs `{notificationUrl}{body}` with nothing between the two, so
   * without it bytes can be moved between the request's query string and its body and still
   * verify; and Square signs the public URL, not the one your server sees behind a proxy. When
   * set, the request's own `url` may differ in scheme, host and path, but its query must equal
   * this one's. Without it the request's `url` is signed: pass the full public URL.
   */
  notificationUrl?: string
}

/**
 * Square: `x-square-hmacsha256-signature` = Base64 HMAC-SHA256 over `{notificationUrl}{body}`.
 * No timestamp. (The legacy `x-square-signature`, HMAC-SHA1, is not supported.) Pin
 * `notificationUrl`: the URL and body are joined without a separator, so an unpinned URL lets
 * bytes shift between query and body.
 *
 * @example
 * const check = presets.square({
 *   secret: process.env['SQUARE_SIGNATURE_KEY'] ?? '',
 *   notificationUrl: 'https://example.com/webhooks/square',
 * })
 * @see https://developer.squareup.com/docs/webhooks/step3validate
 */
export function square(options: SquareOptions): Check {
  const opts = presetOptions(options, 'square', ['secret', 'notificationUrl'], {
    secret: "the subscription's signature key",
  })
  const notificationUrl = pinnedUrlOption(opts.notificationUrl, 'square', 'notificationUrl')
  const signature = hmac({
    name: 'square',
    header: 'x-square-hmacsha256-signature',
    content: '{url}{body}',
    encoding: 'base64',
    secrets: opts.secret,
  })
  return notificationUrl === undefined
    ? signature
    : withPinnedQuery(
        withSignedTarget(signature, ({ method }) => ({ method, url: notificationUrl })),
        notificationUrl,
      )
}
