import { hmac as computeHmac, importHmacKey } from '#crypto'
import { withSigner, type Check, type CheckResult, type SignInput } from '../check.js'
import type { HmacKey } from '../crypto/types.js'
import {
  WebhookConfigError,
  WebhookVerificationError,
  type VerificationErrorCode,
} from '../errors.js'
import {
  bodyHash,
  bodyHashMatches,
  expiryFailure,
  readCompactJws,
  signCompactJws,
} from '../lib/compact-jws.js'
import { encodeHex, utf8 } from '../lib/encoding.js'
import { presetOptions } from '../lib/preset.js'
import { timingSafeEqual } from '../lib/timing-safe-equal.js'
import type { ParsedWebhookRequest } from '../request.js'
import { isActive, keyStatus, toKeyEntries, type Secrets } from '../secrets.js'

export interface NetlifyOptions {
  /** The notification's "JWS secret token", UTF-8; several during a rotation. */
  secret: Secrets
}

const HEADER = 'x-webhook-signature'

function fail(code: VerificationErrorCode): CheckResult {
  return { ok: false, error: new WebhookVerificationError(code) }
}

/**
 * Netlify deploy notifications ("HTTP POST request" with a JWS secret token):
 * `X-Webhook-Signature` is a compact JWS, HS256 with the secret token, whose claims are
 * `iss: "netlify"` and `sha256`: the hex SHA-256 of the raw body. The algorithm is pinned to HS256;
 * `exp` is honoured when present. No signed timestamp: use a replay store.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED` (not a compact JWS, `crit`),
 * `_MISMATCH` (another `alg`, wrong secret, wrong `iss`, wrong body hash),
 * `ERR_WEBHOOK_TIMESTAMP_TOO_OLD` (past `exp`).
 *
 * @example
 * const verifier = createVerifier(presets.netlify({ secret: process.env['NETLIFY_JWS_SECRET'] ?? '' }))
 * @see https://docs.netlify.com/site-deploys/notifications/#payload-signature
 */
export function netlify(options: NetlifyOptions): Check {
  const opts = presetOptions(options, 'netlify', ['secret'], {
    secret: "the notification's JWS secret token",
  })
  const keys = toKeyEntries<string | Uint8Array, HmacKey>(
    opts.secret,
    'netlify secret',
    (value) => {
      if (typeof value !== 'string' && !ArrayBuffer.isView(value)) {
        throw new WebhookConfigError('netlify: each secret must be a string or bytes')
      }
      const bytes = typeof value === 'string' ? utf8(value) : value
      if (bytes.length === 0) throw new WebhookConfigError('netlify: secret is empty')
      return importHmacKey(bytes, 'SHA-256')
    },
  )

  const check: Check = {
    name: 'netlify',
    async verify(req: ParsedWebhookRequest, context): Promise<CheckResult> {
      const token = readCompactJws(req, HEADER)
      if (typeof token === 'string') return fail(token)
      const { protectedHeader, claims, signature, signingInput } = token
      if (signature.length !== 32) return fail('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      // Pinned: `none` and every other algorithm fail before any key is used.
      if (protectedHeader['alg'] !== 'HS256') return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')

      // The MAC first: claims are read only once they are known to come from the secret's holder.
      let matched: (typeof keys)[number] | undefined
      for (const entry of keys) {
        if (!isActive(entry, context.now)) continue
        if (timingSafeEqual(await computeHmac(entry.key, signingInput), signature)) {
          matched = entry
          break
        }
      }
      if (matched === undefined) return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')
      if (claims['iss'] !== 'netlify') return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')
      const expired = expiryFailure(claims, context.now)
      if (expired) return fail(expired)
      if (!(await bodyHashMatches(claims, 'sha256', req.body)))
        return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')
      return {
        ok: true,
        keyId: matched.id,
        keyPosition: matched.position,
        keyStatus: keyStatus(keys, matched, context.now),
        replayKey: context.replay ? `netlify:sig:${encodeHex(signature)}` : undefined,
      }
    },
  }

  return withSigner(check, async (input: SignInput) => {
    const active = keys.find((entry) => isActive(entry, input.timestamp)) ?? keys[0]
    if (active === undefined) throw new WebhookConfigError('netlify: no secret to sign with')
    const claims = { iss: 'netlify', sha256: await bodyHash(input.body) }
    const token = await signCompactJws({ alg: 'HS256', typ: 'JWT' }, claims, (signingInput) =>
      computeHmac(active.key, signingInput),
    )
    return { [HEADER]: token }
  })
}
