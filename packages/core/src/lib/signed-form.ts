/**
 * What Twilio and Mandrill sign: the webhook URL followed by every POST parameter name and value,
 * sorted by name. Shared by both presets; internal.
 */
import { WebhookConfigError } from '../errors.js'
import type { ParsedWebhookRequest } from '../request.js'
import { utf8 } from './encoding.js'

/** A `url?` preset option: the full public http(s) URL the sender was configured with. */
export function publicUrlOption(url: unknown, what: string): string | undefined {
  if (url === undefined) return undefined
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) {
    throw new WebhookConfigError(
      `${what}: url must be the full public http(s) URL configured at the sender`,
    )
  }
  return url
}

/** The configured URL, else the request's; a scheme that signs the URL cannot do without one. */
export function requireUrl(url: string | undefined, what: string): string {
  if (url === undefined) {
    throw new WebhookConfigError(
      `${what}: this scheme signs the request URL: pass the full url in the WebhookRequest or set the url option`,
    )
  }
  return url
}

/**
 * `url` then each name and value, names in UTF-16 code-unit order (JavaScript's default string
 * order, which the senders' SDKs sort by); `params` maps each name to its values in signing order.
 */
export function signedFormContent(
  url: string,
  params: ReadonlyMap<string, readonly string[]>,
): Uint8Array {
  let text = url
  // Names are unique map keys, so the comparison never sees two equal names.
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : 1))
  for (const [name, values] of sorted) for (const value of values) text += name + value
  return utf8(text)
}

/** `request` seen with `body` as the check's signed bytes (the received body stays verified). */
export function withBody(request: ParsedWebhookRequest, body: Uint8Array): ParsedWebhookRequest {
  return { method: request.method, url: request.url, body, header: (n) => request.header(n) }
}
