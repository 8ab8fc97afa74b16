import { hmac as computeHmac, importHmacKey } from '#crypto'
import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { encodeHex, utf8 } from '../lib/encoding.js'
import { handshakeError, jsonResponse, safeChallenge, smallJsonObject } from '../lib/handshake.js'
import { presetOptions, toleranceOption, withHandshake } from '../lib/preset.js'
import { isActive, toKeyEntries, type Secrets } from '../secrets.js'

export interface ZoomOptions {
  /** The app's Secret Token, UTF-8. */
  secret: Secrets
  /** Seconds; default 300 (Zoom documents no window), in both directions. */
  tolerance?: number
}

/**
 * Zoom: `x-zm-signature: v0=<hex>`, HMAC-SHA256 over `v0:{timestamp}:{body}` with the
 * `x-zm-request-timestamp` header (unix seconds).
 *
 * Handshake: the `endpoint.url_validation` event is signed like any other; once it verifies, the
 * preset answers `{ plainToken, encryptedToken }` (hex HMAC-SHA256 of `plainToken` with the secret
 * that verified the request: the entry whose `id` matched, else the first one valid now).
 *
 * @example
 * const check = presets.zoom({ secret: process.env['ZOOM_WEBHOOK_SECRET_TOKEN'] ?? '' })
 * @see https://developers.zoom.us/docs/api/webhooks/#verify-with-zooms-header
 * @see https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint
 */
export function zoom(options: ZoomOptions): Check {
  const opts = presetOptions(options, 'zoom', ['secret', 'tolerance'], {
    secret: "the app's Secret Token",
  })
  const check = hmac({
    name: 'zoom',
    header: 'x-zm-signature',
    prefix: 'v0=',
    timestamp: { header: 'x-zm-request-timestamp' },
    content: 'v0:{timestamp}:{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
  // The same secrets as the check (already validated by hmac() above), kept to answer the token.
  const keys = toKeyEntries(opts.secret, 'zoom secret', (value) =>
    importHmacKey(typeof value === 'string' ? utf8(value) : value, 'SHA-256'),
  )
  return withHandshake(check, async (request, context) => {
    const body = smallJsonObject(request, 'endpoint.url_validation')
    if (body?.['event'] !== 'endpoint.url_validation') return undefined
    const verified = await check.verify(request, context)
    if (!verified.ok) return verified
    const payload = body['payload']
    const plainToken = safeChallenge(
      typeof payload === 'object' && payload !== null
        ? (payload as Record<string, unknown>)['plainToken']
        : undefined,
    )
    if (plainToken === undefined) return handshakeError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    const entry =
      (verified.keyId !== undefined && keys.find((k) => k.id === verified.keyId)) ||
      keys.find((k) => isActive(k, context.now)) ||
      keys[0]
    if (entry === undefined) return handshakeError('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const encryptedToken = encodeHex(await computeHmac(entry.key, [utf8(plainToken)]))
    return jsonResponse({ plainToken, encryptedToken })
  })
}
