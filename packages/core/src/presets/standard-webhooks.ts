import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import type { Secrets } from '../secrets.js'

export interface StandardWebhooksOptions {
  /** `whsec_<base64>` (the prefix is optional); several during a rotation. */
  secret: Secrets
  /** Seconds; default 300, in both directions, as the spec asks. */
  tolerance?: number
}

function standard(name: string, prefix: string) {
  return (options: StandardWebhooksOptions): Check =>
    hmac({
      name,
      header: `${prefix}-signature`,
      format: { tokens: 'v1' },
      id: { header: `${prefix}-id` },
      timestamp: { header: `${prefix}-timestamp` },
      content: '{id}.{timestamp}.{body}',
      encoding: 'base64',
      secretEncoding: 'whsec',
      secrets: options.secret,
      ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    })
}

/**
 * Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<b64>[ v1,<b64>]`
 * over `{id}.{timestamp}.{body}`, key = Base64 after `whsec_`. `v1a` entries are skipped.
 *
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export const standardWebhooks: (options: StandardWebhooksOptions) => Check = standard('standardWebhooks', 'webhook')

/** Svix (and Clerk, Resend): the Standard Webhooks scheme under `svix-*` headers. */
export const svix: (options: StandardWebhooksOptions) => Check = standard('svix', 'svix')
