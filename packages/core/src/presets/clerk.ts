import type { Check } from '../check.js'
import { svixFamily, type StandardWebhooksOptions } from './standard-webhooks.js'

/**
 * Clerk (delivered by Svix): `svix-id`, `svix-timestamp`, `svix-signature: v1,<b64>` over
 * `{id}.{timestamp}.{body}`, secret `whsec_...`, 300 s. `@clerk/backend` maps `svix-*` to
 * `webhook-*`, so either header set is accepted.
 *
 * @see https://clerk.com/docs/webhooks/sync-data
 */
export function clerk(options: StandardWebhooksOptions): Check {
  return svixFamily('clerk', options)
}
