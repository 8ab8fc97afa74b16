import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { WebhookConfigError } from '../errors.js'
import { presetOptions, withSignedTarget } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface SquareOptions {
  /** The subscription's signature key, UTF-8. */
  secret: Secrets
  /**
   * The notification URL exactly as configured on the subscription. Square signs that URL, not
   * the one your server sees behind a proxy; without it the request's `url` is used, so pass the
   * full public URL in the `WebhookRequest`.
   */
  notificationUrl?: string
}

/**
 * Square: `x-square-hmacsha256-signature` = Base64 HMAC-SHA256 over `{notificationUrl}{body}`.
 * No timestamp. (The legacy `x-square-signature`, HMAC-SHA1, is not supported.)
 *
 * @see https://developer.squareup.com/docs/webhooks/step3validate
 */
export function square(options: SquareOptions): Check {
  const opts = presetOptions(options, 'square', ['secret', 'notificationUrl'], {
    secret: "the subscription's signature key",
  })
  const notificationUrl = opts.notificationUrl
  if (
    notificationUrl !== undefined &&
    (typeof notificationUrl !== 'string' || !/^https?:\/\/\S+$/i.test(notificationUrl))
  ) {
    throw new WebhookConfigError(
      'square: notificationUrl must be the full http(s) URL of the subscription',
    )
  }
  const signature = hmac({
    name: 'square',
    header: 'x-square-hmacsha256-signature',
    content: '{url}{body}',
    encoding: 'base64',
    secrets: opts.secret,
  })
  return notificationUrl === undefined
    ? signature
    : withSignedTarget(signature, ({ method }) => ({ method, url: notificationUrl }))
}
