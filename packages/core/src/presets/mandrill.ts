import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { WebhookConfigError } from '../errors.js'
import { parseFormUrlencoded } from '../lib/form-urlencoded.js'
import { presetOptions } from '../lib/preset.js'
import { withRequestView } from '../lib/request-view.js'
import { publicUrlOption, requireUrl, signedFormContent, withBody } from '../lib/signed-form.js'
import type { Secrets } from '../secrets.js'

export interface MandrillOptions {
  /** The webhook's key from the Mandrill (Mailchimp Transactional) webhook settings, UTF-8. */
  secret: Secrets
  /**
   * The webhook URL exactly as entered in Mandrill. Mandrill signs that URL, not the one your
   * server sees behind a proxy; without it the request's `url` is used.
   */
  url?: string
}

const HEADER = 'x-mandrill-signature'

/** URL plus each form name and value sorted by name; a repeated name is ambiguous and rejected. */
function signedContent(url: string, body: Uint8Array): Uint8Array | undefined {
  const pairs = parseFormUrlencoded(body)
  if (pairs === undefined) return undefined
  const params = new Map<string, readonly string[]>()
  for (const [name, value] of pairs) {
    if (params.has(name)) return undefined
    params.set(name, [value])
  }
  return signedFormContent(url, params)
}

/**
 * Mandrill (Mailchimp Transactional): `X-Mandrill-Signature` = Base64 HMAC-SHA1 with the webhook
 * key over the webhook URL followed by each POST parameter name and value sorted by name (in
 * practice the single `mandrill_events` form field), decoded here from the exact bytes. No
 * timestamp: use a replay store.
 *
 * @example
 * const check = presets.mandrill({ secret: process.env['MANDRILL_WEBHOOK_KEY'] ?? '', url: 'https://example.com/mandrill' })
 * @see https://mailchimp.com/developer/transactional/guides/track-respond-activity-webhooks/#authenticating-webhook-requests
 */
export function mandrill(options: MandrillOptions): Check {
  const opts = presetOptions(options, 'mandrill', ['secret', 'url'], {
    secret: "the webhook's key",
  })
  const configured = publicUrlOption(opts.url, 'mandrill')
  const signature = hmac({
    name: 'mandrill',
    header: HEADER,
    algorithm: 'sha1',
    encoding: 'base64',
    secrets: opts.secret,
  })
  return withRequestView(signature, {
    view(request) {
      // No signature: let the check report it as missing, whatever the body holds.
      if (request.header(HEADER) === undefined) return [request]
      const content = signedContent(requireUrl(configured ?? request.url, 'mandrill'), request.body)
      return content === undefined
        ? 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
        : [withBody(request, content)]
    },
    signInput(input) {
      const content = signedContent(requireUrl(configured ?? input.url, 'mandrill'), input.body)
      if (content === undefined) {
        throw new WebhookConfigError('mandrill: signRequest needs a form-encoded body')
      }
      return { ...input, body: content }
    },
  })
}
