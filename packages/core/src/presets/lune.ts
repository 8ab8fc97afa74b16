import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface LuneOptions {
  /**
   * The signing secret returned when the endpoint was created or rotated (UTF-8). Rotation
   * invalidates the old secret at once: pass `[new, old]` only while you switch over.
   */
  secret: Secrets
  /**
   * Seconds; default 120, in both directions: Lune's webhook docs asked to check that the
   * timestamp "is no more than two minutes in the past" (current docs give no number).
   */
  tolerance?: number
}

/**
 * Lune: `Lune-HMAC: timestamp=<unix>,organisation=<id>,v1=<sig>[,v1=<sig>]`, HMAC-SHA256 over
 * `{timestamp}.{body}`. The encoding is undocumented, so hex and Base64 are both accepted
 * (strictly, by decoded length); other keys (`organisation`, the legacy `account`) are ignored.
 *
 * @see https://docs.lune.co/general-concepts/webhooks
 */
export function lune(options: LuneOptions): Check {
  const opts = presetOptions(options, 'lune', ['secret', 'tolerance'], {
    secret: "the endpoint's signing secret",
  })
  return hmac({
    name: 'lune',
    header: 'lune-hmac',
    format: { pairs: 'v1' },
    timestamp: { param: 'timestamp' },
    content: '{timestamp}.{body}',
    encoding: ['base64', 'hex'],
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance, 120),
  })
}
