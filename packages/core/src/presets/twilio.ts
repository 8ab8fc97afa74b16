import { sha256 } from '#crypto'
import { renamed, type Check, type CheckResult } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { allOf } from '../combinators.js'
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'
import { decodeHex } from '../lib/encoding.js'
import { parseFormUrlencoded } from '../lib/form-urlencoded.js'
import { presetOptions } from '../lib/preset.js'
import { withRequestView } from '../lib/request-view.js'
import { publicUrlOption, requireUrl, signedFormContent, withBody } from '../lib/signed-form.js'
import { timingSafeEqual } from '../lib/timing-safe-equal.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { Secrets } from '../secrets.js'

export interface TwilioOptions {
  /** The account's Auth Token (primary; add the secondary while promoting it), UTF-8. */
  secret: Secrets
  /**
   * The webhook URL exactly as configured at Twilio (scheme, host, port, path, query). Twilio
   * signs that URL, not the one your server sees behind a proxy; without it the request's `url`
   * is used. For JSON webhooks the `bodySHA256` Twilio appends is taken from the request's URL.
   */
  url?: string
}

const HEADER = 'x-twilio-signature'
const BODY_HASH = 'bodySHA256'

/** The value of the `bodySHA256` query parameter; `null` when absent, `undefined` when repeated. */
function bodyHashParam(url: string): string | null | undefined {
  const query = url.indexOf('?')
  if (query < 0) return null
  const rest = url.slice(query + 1)
  const fragment = rest.indexOf('#')
  let found: string | null = null
  for (const pair of (fragment < 0 ? rest : rest.slice(0, fragment)).split('&')) {
    if (!pair.startsWith(`${BODY_HASH}=`)) continue
    if (found !== null) return undefined
    found = pair.slice(BODY_HASH.length + 1)
  }
  return found
}

/** The URL Twilio signed: the configured one plus the `bodySHA256` it appended, or the request's. */
function signedUrl(configured: string | undefined, requestUrl: string | undefined): string {
  const url = requireUrl(configured ?? requestUrl, 'twilio')
  if (configured === undefined || requestUrl === undefined) return url
  const hash = bodyHashParam(requestUrl)
  if (typeof hash !== 'string') return url
  return `${configured}${configured.includes('?') ? '&' : '?'}${BODY_HASH}=${hash}`
}

/**
 * Twilio signs the URL as configured, with or without the scheme's default port, so both are
 * tried (as twilio-node's `validateRequest` does).
 */
function portVariants(url: string): [string, ...string[]] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url)
  if (!match) return [url]
  const [prefix, scheme = '', authority = ''] = match
  const userInfo = authority.slice(0, authority.lastIndexOf('@') + 1)
  const hostPort = authority.slice(userInfo.length)
  const colon = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1)
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon)
  const rest = url.slice(prefix.length)
  const port =
    colon < 0 ? (scheme.toLowerCase() === 'https://' ? ':443' : ':80') : hostPort.slice(colon)
  const without = scheme + userInfo + host + rest
  const withPort = scheme + userInfo + host + port + rest
  return [without, withPort]
}

/**
 * What Twilio signs, per URL: the URL alone when it carries `bodySHA256` (JSON webhooks), else the
 * URL plus every form parameter, repeated names with their distinct values sorted (twilio-node's
 * `getExpectedTwilioSignature`). `undefined` when the body is not strict form encoding.
 */
function signedContent(url: string, body: Uint8Array): ((url: string) => Uint8Array) | undefined {
  if (bodyHashParam(url) !== null) return (signed) => signedFormContent(signed, new Map())
  const pairs = parseFormUrlencoded(body)
  if (pairs === undefined) return undefined
  const values = new Map<string, Set<string>>()
  for (const [name, value] of pairs) values.set(name, (values.get(name) ?? new Set()).add(value))
  const params = new Map([...values].map(([name, set]) => [name, [...set].sort()] as const))
  return (signed) => signedFormContent(signed, params)
}

/** JSON webhooks: the signed `bodySHA256` must be the hex SHA-256 of the exact body. */
function bodyHash(configured: string | undefined): Check {
  const fail = (code: 'ERR_WEBHOOK_SIGNATURE_MALFORMED' | 'ERR_WEBHOOK_SIGNATURE_MISMATCH') => ({
    ok: false as const,
    error: new WebhookVerificationError(code),
  })
  return {
    name: 'twilio',
    async verify(request: ParsedWebhookRequest): Promise<CheckResult> {
      const hash = bodyHashParam(signedUrl(configured, request.url))
      if (hash === null) return { ok: true }
      const expected = hash === undefined ? undefined : decodeHex(hash)
      if (expected === undefined || expected.length !== 32)
        return fail('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      return timingSafeEqual(await sha256(request.body), expected)
        ? { ok: true }
        : fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    },
  }
}

/**
 * Twilio: `X-Twilio-Signature` = Base64 HMAC-SHA1 with the Auth Token over the webhook URL
 * followed by each POST parameter name and value, sorted by name (form bodies, decoded here from
 * the exact bytes). JSON webhooks carry `bodySHA256` (hex SHA-256 of the body) in the URL and sign
 * the URL alone; the body must match that hash. No timestamp: use a replay store. Webhooks signed
 * with a Webhooks Rule's SharedKey (`X-Twilio-Webhooks-Signature-Settings`) are not supported.
 *
 * @example
 * const check = presets.twilio({ secret: process.env['TWILIO_AUTH_TOKEN'] ?? '', url: 'https://example.com/sms' })
 * @see https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */
export function twilio(options: TwilioOptions): Check {
  const opts = presetOptions(options, 'twilio', ['secret', 'url'], {
    secret: "the account's Auth Token",
  })
  const configured = publicUrlOption(opts.url, 'twilio')
  const signature = hmac({
    name: 'twilio',
    header: HEADER,
    algorithm: 'sha1',
    encoding: 'base64',
    secrets: opts.secret,
  })
  const viewed = withRequestView(signature, {
    view(request) {
      // No signature: let the check report it as missing, whatever the body holds.
      if (request.header(HEADER) === undefined) return [request]
      const url = signedUrl(configured, request.url)
      const content = signedContent(url, request.body)
      if (content === undefined) return 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
      const [first, ...others] = portVariants(url)
      const view = (variant: string) => withBody(request, content(variant))
      return [view(first), ...others.map(view)]
    },
    signInput(input) {
      const url = signedUrl(configured, input.url)
      const content = signedContent(url, input.body)
      if (content === undefined) {
        throw new WebhookConfigError(
          'twilio: signRequest needs a form-encoded body, or a url carrying bodySHA256',
        )
      }
      return { ...input, body: content(url) }
    },
  })
  return renamed(allOf(viewed, bodyHash(configured)), 'twilio')
}
