import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface CalComOptions {
  /** The webhook's secret, UTF-8; several during a rotation. */
  secret: Secrets
}

/**
 * Cal.com: `X-Cal-Signature-256: <hex>`, HMAC-SHA256 of the raw body. A webhook created without a
 * secret sends `no-secret-provided`, which is rejected as malformed. No signed timestamp: use a
 * replay store.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH`.
 *
 * @example
 * const verifier = createVerifier(presets.calCom({ secret: process.env['CAL_WEBHOOK_SECRET'] ?? '' }))
 * @see https://cal.com/docs/developing/guides/automation/webhooks
 */
export function calCom(options: CalComOptions): Check {
  const opts = presetOptions(options, 'calCom', ['secret'], { secret: "the webhook's secret" })
  return hmac({
    name: 'calCom',
    header: 'x-cal-signature-256',
    encoding: 'hex',
    secrets: opts.secret,
  })
}
