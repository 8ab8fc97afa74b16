import type { Check } from '../check.js'
import { ecdsa } from '../checks/ecdsa.js'
import type { PublicKeys } from '../lib/key-set.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'

export interface SendGridOptions {
  /**
   * The Event Webhook verification key from Mail Settings: Base64 DER SPKI (as SendGrid shows
   * it), PEM or JWK; several while a new key pair is rolled out.
   */
  publicKey: PublicKeys
  /** Seconds; default 300 (SendGrid documents none), in both directions. */
  tolerance?: number
}

/**
 * SendGrid (Twilio) Event Webhook: ECDSA P-256 / SHA-256 over `{timestamp}{body}`, Base64 DER in
 * `X-Twilio-Email-Event-Webhook-Signature`, unix seconds in `X-Twilio-Email-Event-Webhook-Timestamp`.
 * Verified natively (node:crypto or Web Crypto), not with the SDK's pure-JS ECDSA.
 *
 * @example
 * const check = presets.sendgrid({ publicKey: process.env['SENDGRID_WEBHOOK_PUBLIC_KEY'] ?? '' })
 * @see https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
 */
export function sendgrid(options: SendGridOptions): Check {
  const opts = presetOptions(options, 'sendgrid', ['publicKey', 'tolerance'], {
    publicKey: "the verification key from SendGrid's Mail Settings",
  })
  return ecdsa({
    name: 'sendgrid',
    header: 'x-twilio-email-event-webhook-signature',
    timestamp: { header: 'x-twilio-email-event-webhook-timestamp' },
    content: '{timestamp}{body}',
    encoding: 'base64',
    signatureFormat: 'der',
    curve: 'P-256',
    keys: opts.publicKey,
    ...toleranceOption(opts.tolerance),
  })
}
