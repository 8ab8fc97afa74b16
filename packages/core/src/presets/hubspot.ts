import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions, toleranceOption, withSignedTarget } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface HubSpotOptions {
  /** The app's client secret, UTF-8. */
  secret: Secrets
  /** Seconds; default 300 (HubSpot: reject timestamps older than 5 minutes), in both directions. */
  tolerance?: number
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
 * full request URI after decoding HubSpot's listed %-escapes. Pass the public `url` (scheme,
 * host, path and query exactly as HubSpot called it) and `method` in the `WebhookRequest`.
 * The older v1/v2 `X-HubSpot-Signature` (plain SHA-256) is not accepted.
 *
 * @see https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests
 */
export function hubspot(options: HubSpotOptions): Check {
  const opts = presetOptions(options, 'hubspot', ['secret', 'tolerance'], {
    secret: "the app's client secret",
  })
  const signature = hmac({
    name: 'hubspot',
    header: 'x-hubspot-signature-v3',
    timestamp: { header: 'x-hubspot-request-timestamp', format: 'unix-ms' },
    content: '{method}{url}{body}{timestamp}',
    encoding: 'base64',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
  return withSignedTarget(signature, ({ method, url }) => ({
    method: method?.toUpperCase(),
    url: url === undefined ? undefined : hubspotUri(url),
  }))
}
