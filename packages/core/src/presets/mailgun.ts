import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { formFields, jsonObject, mediaType, withBodyFields } from '../lib/body-fields.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { Secrets } from '../secrets.js'

export interface MailgunOptions {
  /** The HTTP webhook signing key (Sending > Webhooks), UTF-8; not the API key. */
  secret: Secrets
  /**
   * Seconds either side of now for the signed `timestamp`; default 300. Mailgun documents none
   * and warns that its own delays can be long: raise it if your deliveries arrive late.
   */
  tolerance?: number
}

// Names of the view `withBodyFields` gives the hmac check; never read from real headers.
const SIGNATURE = 'mailgun-signature'
const TIMESTAMP = 'mailgun-timestamp'
const TOKEN = 'mailgun-token'

const text = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' && Number.isSafeInteger(value)
      ? String(value)
      : undefined

/**
 * `{ signature: { timestamp, token, signature } }` from a JSON body (webhooks), or the top-level
 * `timestamp`, `token` and `signature` fields of a form-encoded body (legacy webhooks, routes).
 */
function signatureFields(request: ParsedWebhookRequest): Record<string, string | undefined> {
  if (mediaType(request) === 'application/x-www-form-urlencoded') {
    const field = formFields(request.body)
    return field === undefined
      ? {}
      : {
          [SIGNATURE]: field('signature'),
          [TIMESTAMP]: field('timestamp'),
          [TOKEN]: field('token'),
        }
  }
  const signature = jsonObject(request.body)?.['signature']
  if (typeof signature !== 'object' || signature === null) return {}
  const fields = signature as Record<string, unknown>
  return {
    [SIGNATURE]: text(fields['signature']),
    [TIMESTAMP]: text(fields['timestamp']),
    [TOKEN]: text(fields['token']),
  }
}

/**
 * Mailgun: the body carries `signature: { timestamp, token, signature }` (JSON webhooks) or the
 * same three form fields (legacy webhooks and routes, `application/x-www-form-urlencoded`); the
 * signature is hex HMAC-SHA256 of `timestamp + token` with the webhook signing key. Only those two
 * values are signed, not the event data: use a replay store (the token is the replay key) so a
 * captured signature cannot carry a forged body. `multipart/form-data` bodies are not read.
 *
 * @example
 * const check = presets.mailgun({ secret: process.env['MAILGUN_WEBHOOK_SIGNING_KEY'] ?? '' })
 * @see https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
 */
export function mailgun(options: MailgunOptions): Check {
  const opts = presetOptions(options, 'mailgun', ['secret', 'tolerance'], {
    secret: 'the HTTP webhook signing key',
  })
  const check = hmac({
    name: 'mailgun',
    header: SIGNATURE,
    timestamp: { header: TIMESTAMP },
    id: { header: TOKEN },
    // Mailgun signs no body bytes: `{body}` is empty in the view below.
    content: '{timestamp}{id}{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
  // No signer: the signature lives in the body, which signRequest does not write.
  return withBodyFields(check, [SIGNATURE, TIMESTAMP, TOKEN], signatureFields, 'nothing')
}
