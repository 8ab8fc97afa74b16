import type { Check, CheckResult, HandshakeResult } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'
import { decodeUtf8 } from '../lib/encoding.js'
import { presetOptions, requiredOption, withHandshake } from '../lib/preset.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { Secrets } from '../secrets.js'

export interface NotionOptions {
  /**
   * The subscription's `verification_token`, UTF-8: it keys every signature. Leave it out only
   * while setting the subscription up; until then every delivery is rejected.
   */
  secret?: Secrets
  /**
   * Called with the `verification_token` of Notion's unsigned setup request. Anyone can send such
   * a request, so never install the token as `secret` automatically: show it to a person, who
   * pastes it into Notion (Notion accepts only the token it sent) and then configures it here.
   */
  onVerificationToken?(token: string): void | Promise<void>
}

/** The setup request is a tiny JSON object; anything larger is not parsed. */
const MAX_HANDSHAKE_BYTES = 4096
const HEADER = 'x-notion-signature'

/** The `verification_token` of an unsigned setup request, or `undefined` for anything else. */
function verificationToken(request: ParsedWebhookRequest): string | undefined {
  if (request.header(HEADER) !== undefined || request.body.length > MAX_HANDSHAKE_BYTES) {
    return undefined
  }
  const text = decodeUtf8(request.body)
  if (text === undefined) return undefined
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const keys = Object.keys(value)
    const token = (value as Record<string, unknown>)['verification_token']
    return keys.length === 1 && typeof token === 'string' && token !== '' ? token : undefined
  } catch {
    return undefined
  }
}

// example prelude: declare function notifyAdmin(message: string): Promise<void>
/**
 * Notion integration webhooks: `X-Notion-Signature: sha256=<hex>`, HMAC-SHA256 of the raw body
 * keyed with the subscription's `verification_token`. The one-time setup request (an unsigned
 * `{"verification_token": "…"}`) is answered 200 as a handshake, never a delivery, and its token
 * handed to `onVerificationToken`. No signed timestamp: use a replay store.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH` (also every delivery while
 * no `secret` is configured).
 *
 * @example
 * // While setting up: a person reads the token and pastes it into Notion and into the config.
 * const setup = presets.notion({ onVerificationToken: (token) => notifyAdmin(token) })
 * // From then on:
 * const check = presets.notion({ secret: process.env['NOTION_VERIFICATION_TOKEN'] ?? '' })
 * @see https://developers.notion.com/reference/webhooks
 */
export function notion(options: NotionOptions): Check {
  const opts = presetOptions(options, 'notion', ['secret', 'onVerificationToken'])
  const callback = opts.onVerificationToken
  if (callback !== undefined && typeof callback !== 'function') {
    throw new WebhookConfigError('notion: onVerificationToken must be a function')
  }
  if (opts.secret === undefined && callback === undefined) {
    throw new WebhookConfigError(
      'notion: pass secret (the verification_token), or onVerificationToken while setting up',
    )
  }
  // Optional while setting up, but a secret that is given must not be blank.
  if (opts.secret !== undefined) {
    requiredOption(opts, 'secret', 'notion', "the subscription's verification_token")
  }
  const signature: Check =
    opts.secret === undefined
      ? {
          name: 'notion',
          verify: (): CheckResult => ({
            ok: false,
            error: new WebhookVerificationError('ERR_WEBHOOK_SIGNATURE_MISMATCH'),
          }),
        }
      : hmac({
          name: 'notion',
          header: HEADER,
          prefix: 'sha256=',
          encoding: 'hex',
          secrets: opts.secret,
        })
  return withHandshake(signature, async (request): Promise<HandshakeResult> => {
    const token = verificationToken(request)
    if (token === undefined) return undefined
    if (callback !== undefined) await callback(token)
    return { ok: true, response: { status: 200, headers: {}, body: '' } }
  })
}
