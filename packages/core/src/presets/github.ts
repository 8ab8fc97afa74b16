import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface GitHubOptions {
  /** The webhook secret; several during a rotation. */
  secret: Secrets
}

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex>` over the raw body. GitHub signs no timestamp, so
 * combine with a replay store keyed on the signature to reject replays.
 *
 * @see https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
export function github(options: GitHubOptions): Check {
  const opts = presetOptions(options, 'github', ['secret'], { secret: 'the webhook secret' })
  return hmac({
    name: 'github',
    header: 'x-hub-signature-256',
    prefix: 'sha256=',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
