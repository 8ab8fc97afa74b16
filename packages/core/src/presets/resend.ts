import type { Check } from '../check.js'
import { svixFamily, type StandardWebhooksOptions } from './standard-webhooks.js'

/**
 * Resend (delivered by Svix): `svix-id`, `svix-timestamp`, `svix-signature: v1,<b64>` over
 * `{id}.{timestamp}.{body}`, secret `whsec_...`, 300 s (`webhook-*` headers accepted too).
 *
 * @see https://resend.com/docs/dashboard/webhooks/verify-webhooks-requests
 */
export function resend(options: StandardWebhooksOptions): Check {
  return svixFamily('resend', options)
}
