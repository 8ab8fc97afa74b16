import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
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
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function slack(options: SlackOptions): Check {
  const opts = presetOptions(options, 'slack', ['secret', 'tolerance'], {
    secret: "the app's signing secret",
  })
  return hmac({
    name: 'slack',
    header: 'x-slack-signature',
    prefix: 'v0=',
    timestamp: { header: 'x-slack-request-timestamp' },
    content: 'v0:{timestamp}:{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
}
