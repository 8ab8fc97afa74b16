import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { pinnedUrlOption, withPinnedQuery } from '../lib/pinned-url.js'
import { presetOptions, toleranceOption, withSignedTarget } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface HubSpotOptions {
  /** The app's client secret, UTF-8. */
  secret: Secrets
  /** Seconds; default 300 (HubSpot: reject timestamps older than 5 minutes), in both directions. */
  tolerance?: number
  /**
   * The webhook target URL exactly as configured in the app (HubSpot's `targetUrl`). Strongly
   * recommended for webhook subscriptions. HubSpot signs `{method}{uri}{body}{timestamp}` with
   * nothing between URI and body, so without it bytes can be moved between the request's query
   * string and its body and still verify; and HubSpot signs the public URL, not the one your
   * server sees behind a proxy. When set, the request's own `url` may differ in scheme, host and
   * path, but its query must equal this one's. Leave it unset only for requests whose query
   * HubSpot varies (CRM cards, workflow actions), and pass the full public `url` instead.
   */
  targetUrl?: string
}

// HubSpot's table of escapes to decode in the request URI before signing; nothing else is decoded.
const ESCAPES: Readonly<Record<string, string>> = {
  '3A': ':',
  '2F': '/',
  '3F': '?',
  '40': '@',
  '21': '!',
  '24': '$',
  '27': "'",
  '28': '(',
  '29': ')',
  '2A': '*',
  '2C': ',',
  '3B': ';',
}

/** The request URI as HubSpot signs it: only the escapes in its table decoded (either hex case). */
function hubspotUri(url: string): string {
  return url.replace(
    /%(3[AFB]|2[FC1479A8]|40)/gi,
    (escape, hex: string) => ESCAPES[hex.toUpperCase()] ?? escape,
  )
}

/**
 * HubSpot v3: `X-HubSpot-Signature-v3` = Base64 HMAC-SHA256 over
 * `{method}{uri}{body}{timestamp}`, with `X-HubSpot-Request-Timestamp` in milliseconds and the
 * full request URI after decoding HubSpot's listed %-escapes. Pin `targetUrl` for webhooks: URI
 * and body are joined without a separator, so an unpinned URI lets bytes shift between query and
 * body. Otherwise pass the public `url` (scheme, host, path and query exactly as HubSpot called
 * it). Pass `method` in the `WebhookRequest` too: it is signed. The older v1/v2
 * `X-HubSpot-Signature` (plain SHA-256) is not accepted.
 *
 * @example
 * const check = presets.hubspot({
 *   secret: process.env['HUBSPOT_CLIENT_SECRET'] ?? '',
 *   targetUrl: 'https://example.com/webhooks/hubspot',
 * })
 * @see https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests
 */
export function hubspot(options: HubSpotOptions): Check {
  const opts = presetOptions(options, 'hubspot', ['secret', 'tolerance', 'targetUrl'], {
    secret: "the app's client secret",
  })
  const targetUrl = pinnedUrlOption(opts.targetUrl, 'hubspot', 'targetUrl')
  const signature = hmac({
    name: 'hubspot',
    header: 'x-hubspot-signature-v3',
    timestamp: { header: 'x-hubspot-request-timestamp', format: 'unix-ms' },
    content: '{method}{url}{body}{timestamp}',
    encoding: 'base64',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
  const signed = withSignedTarget(signature, ({ method, url }) => {
    const uri = targetUrl ?? url
    return { method: method?.toUpperCase(), url: uri === undefined ? undefined : hubspotUri(uri) }
  })
  return targetUrl === undefined ? signed : withPinnedQuery(signed, targetUrl, hubspotUri)
}
