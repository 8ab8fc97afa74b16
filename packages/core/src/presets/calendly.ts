import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface CalendlyOptions {
  /** The webhook signing key, UTF-8. */
  secret: Secrets
  /** Seconds; default 180 (Calendly suggests three minutes), in both directions. */
  tolerance?: number
}

/**
 * Calendly: `Calendly-Webhook-Signature: t=<unix>,v1=<hex>`, HMAC-SHA256 over `{t}.{body}`.
 *
 * @see https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures
 */
export function calendly(options: CalendlyOptions): Check {
  const opts = presetOptions(options, 'calendly', ['secret', 'tolerance'], {
    secret: 'the webhook signing key',
  })
  return hmac({
    name: 'calendly',
    header: 'calendly-webhook-signature',
    format: { pairs: 'v1' },
    timestamp: { param: 't' },
    content: '{timestamp}.{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance, 180),
  })
}
