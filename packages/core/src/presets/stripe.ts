import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface StripeOptions {
  /** The endpoint's `whsec_...` signing secret, used as UTF-8 as is; several during a roll. */
  secret: Secrets
  /** Seconds; default 300 (Stripe's SDK default), applied in both directions. */
  tolerance?: number
}

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>]` over `{t}.{body}`. `v0` entries are
 * ignored; any `v1` may match (Stripe sends one per live secret while rolling).
 *
 * @see https://docs.stripe.com/webhooks#verify-manually
 */
export function stripe(options: StripeOptions): Check {
  const opts = presetOptions(options, 'stripe', ['secret', 'tolerance'], {
    secret: "the endpoint's whsec_... signing secret",
  })
  return hmac({
    name: 'stripe',
    header: 'stripe-signature',
    format: { pairs: 'v1' },
    timestamp: { param: 't' },
    content: '{timestamp}.{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
}
