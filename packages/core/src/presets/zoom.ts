import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface ZoomOptions {
  /** The app's Secret Token, UTF-8. */
  secret: Secrets
  /** Seconds; default 300 (Zoom documents no window), in both directions. */
  tolerance?: number
}

/**
 * Zoom: `x-zm-signature: v0=<hex>`, HMAC-SHA256 over `v0:{timestamp}:{body}` with the
 * `x-zm-request-timestamp` header (unix seconds). The `endpoint.url_validation` challenge is a
 * signed event like any other; answering it is up to your handler.
 *
 * @see https://developers.zoom.us/docs/api/webhooks/#verify-with-zooms-header
 */
export function zoom(options: ZoomOptions): Check {
  const opts = presetOptions(options, 'zoom', ['secret', 'tolerance'], {
    secret: "the app's Secret Token",
  })
  return hmac({
    name: 'zoom',
    header: 'x-zm-signature',
    prefix: 'v0=',
    timestamp: { header: 'x-zm-request-timestamp' },
    content: 'v0:{timestamp}:{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
}
