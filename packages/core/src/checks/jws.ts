/**
 * A compact JWS (RFC 7515) in a header whose claims bind the body: Plaid's `Plaid-Verification`.
 * The algorithm is pinned by configuration, never taken from the token alone.
 */
import { verifySignature } from '#crypto'
import {
  withSigner,
  type Check,
  type CheckContext,
  type CheckResult,
  type SignInput,
} from '../check.js'
import type { PublicKeyAlgorithm } from '../crypto/types.js'
import {
  WebhookConfigError,
  WebhookVerificationError,
  type VerificationErrorCode,
} from '../errors.js'
import { contentDigest } from '../lib/content-digest.js'
import {
  bodyHash,
  bodyHashMatches,
  expiryFailure,
  readCompactJws,
  signCompactJws,
} from '../lib/compact-jws.js'
import { createKeySet, type PublicKeys } from '../lib/key-set.js'
import { isNonEmpty, type NonEmpty } from '../lib/non-empty.js'
import { checkOptions, type OptionNames } from '../lib/options.js'
import { privateKeyId, signWith } from '../lib/private-key.js'
import { checkTolerance, validTolerance } from '../lib/timestamp.js'
import type { KeyResolver, RemoteJwksOptions } from '../lib/remote-jwks.js'
import type { ParsedWebhookRequest } from '../request.js'
import { isActive, keyStatus } from '../secrets.js'
import { DEFAULT_TOLERANCE } from './signature.js'

/** Asymmetric JWS algorithms; `none` and HMAC (`HS*`) are never accepted. */
export type JwsAlgorithm = 'ES256' | 'ES384' | 'ES512' | 'EdDSA'

const ALGORITHMS: Record<JwsAlgorithm, PublicKeyAlgorithm> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  EdDSA: 'Ed25519',
}

export interface JwsOptions {
  /** Header holding the compact JWS, e.g. `'plaid-verification'`. */
  header: string
  /**
   * Public key(s) or a JWKS, chosen by the token's `kid`; or a `KeyResolver`, `async (kid) => jwk`
   * (cached per `kid` like `jwksUrl`). Give `keys` or `jwksUrl`.
   */
  keys?: PublicKeys | KeyResolver
  /**
   * An `https:` JWKS URL, fetched on first use and refetched for an unknown `kid` (see
   * `jwksCache`; plain `http:` only to loopback with `jwksCache.allowLoopbackHttp`). A response
   * over 64 KiB, a redirect or a timeout gives `ERR_WEBHOOK_KEY_UNAVAILABLE` (503).
   */
  jwksUrl?: string | URL
  /** Fetching and caching of `jwksUrl` (and of a resolver's answers). */
  jwksCache?: RemoteJwksOptions
  /** The only algorithms accepted, e.g. `['ES256']`; all ECDSA or all `EdDSA`. */
  algorithms: readonly JwsAlgorithm[]
  /** Seconds either side of now for the `iat` claim; default 300; `0` disables the check. */
  tolerance?: number
  /** Claim holding the hex SHA-256 of the raw body; default `'request_body_sha256'`. */
  bodyHashClaim?: string
  /** Reported as `webhook.check`. */
  name?: string
}

const OPTION_NAMES: OptionNames<JwsOptions> = {
  header: true,
  keys: true,
  jwksUrl: true,
  jwksCache: true,
  algorithms: true,
  tolerance: true,
  bodyHashClaim: true,
  name: true,
}

function fail(code: VerificationErrorCode): CheckResult {
  return { ok: false, error: new WebhookVerificationError(code) }
}

function algorithmList(value: unknown, what: string): NonEmpty<JwsAlgorithm> {
  if (!Array.isArray(value) || !isNonEmpty(value)) {
    throw new WebhookConfigError(`${what}: algorithms is required, e.g. ['ES256']`)
  }
  for (const alg of value) {
    if (typeof alg !== 'string' || !(alg in ALGORITHMS)) {
      throw new WebhookConfigError(
        `${what}: only ES256, ES384, ES512 and EdDSA are accepted in algorithms (never none or HS*)`,
      )
    }
  }
  const list = value as NonEmpty<JwsAlgorithm>
  if (list.includes('EdDSA') && list.length > 1) {
    throw new WebhookConfigError(`${what}: algorithms must be all ECDSA or only EdDSA`)
  }
  return list
}

// example prelude: declare const plaidJwk: Jwk
/**
 * Verifies a compact JWS in `header`: the `alg` must be one of `algorithms` and match the key
 * (chosen by `kid`), `iat` must be within `tolerance`, `exp` (if present) not passed, and the
 * `bodyHashClaim` must equal the hex SHA-256 of the raw body (compared in constant time).
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED` (not a compact JWS, `crit`),
 * `_MISMATCH` (an algorithm not allowed, wrong key, wrong body hash), the `TIMESTAMP_*` codes for
 * `iat`, and `ERR_WEBHOOK_KEY_UNAVAILABLE` for an unreachable `jwksUrl`.
 *
 * @example
 * const check = jws({ header: 'plaid-verification', algorithms: ['ES256'], keys: plaidJwk })
 * @see https://plaid.com/docs/api/webhooks/webhook-verification/
 */
export function jws(options: JwsOptions): Check {
  checkOptions(options, OPTION_NAMES, 'jws')
  const what = options.name ?? 'jws'
  if (typeof options.header !== 'string' || options.header.trim() === '') {
    throw new WebhookConfigError(`${what}: header is required`)
  }
  const header = options.header.toLowerCase()
  const algorithms = algorithmList(options.algorithms, what)
  const allowed = new Set(algorithms.map((alg) => ALGORITHMS[alg]))
  const tolerance =
    options.tolerance === undefined ? DEFAULT_TOLERANCE : validTolerance(options.tolerance, what)
  const claim = options.bodyHashClaim ?? 'request_body_sha256'
  if (typeof claim !== 'string' || claim === '')
    throw new WebhookConfigError(`${what}: bodyHashClaim must be a claim name`)
  const kind = algorithms.includes('EdDSA') ? 'ed25519' : 'ecdsa'
  const accept = (algorithm: PublicKeyAlgorithm) =>
    allowed.has(algorithm)
      ? undefined
      : `a ${algorithm} key was given but algorithms allow only ${algorithms.join(', ')}`
  const keySet = createKeySet(options, kind, what, accept, true)

  const check: Check = {
    name: what,
    tolerance,
    async verify(req: ParsedWebhookRequest, context: CheckContext): Promise<CheckResult> {
      const token = readCompactJws(req, header)
      if (typeof token === 'string') return fail(token)
      const { protectedHeader, claims, signature, signingInput } = token
      const alg = protectedHeader['alg']
      if (typeof alg !== 'string') return fail('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      // Pinned: `none`, `HS256` (a public key used as an HMAC secret) and anything else not listed.
      if (!algorithms.includes(alg as JwsAlgorithm)) return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')
      const keyAlgorithm = ALGORITHMS[alg as JwsAlgorithm]

      const iat = claims['iat']
      if (iat === undefined) return fail('ERR_WEBHOOK_TIMESTAMP_MISSING')
      if (typeof iat !== 'number' || !Number.isFinite(iat) || iat < 0)
        return fail('ERR_WEBHOOK_TIMESTAMP_INVALID')
      const window = context.tolerance ?? tolerance
      const late = checkTolerance(iat * 1000, context.now, window)
      if (late) return fail(late)
      const expired = expiryFailure(claims, context.now)
      if (expired) return fail(expired)
      if (!(await bodyHashMatches(claims, claim, req.body)))
        return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')

      const kid = protectedHeader['kid']
      const keys = await keySet.select(typeof kid === 'string' ? kid : undefined)
      if (typeof keys === 'string') return fail(keys)
      for (const entry of keys) {
        if (entry.key.algorithm !== keyAlgorithm || !isActive(entry, context.now)) continue
        // JWS ECDSA signatures are always r || s (RFC 7518 §3.4), never DER.
        if (!(await verifySignature(entry.key, signature, signingInput, 'p1363'))) continue
        return {
          ok: true,
          keyId: entry.id,
          keyPosition: entry.position,
          keyStatus: keyStatus(keySet.entries ?? keys, entry, context.now),
          timestamp: iat * 1000,
          expiresAt: window === 0 ? undefined : iat * 1000 + window * 1000,
          // The signing input, not the signature: ECDSA signatures are malleable (see contentDigest).
          replayKey: context.replay
            ? `${what}:jws:${await contentDigest(signingInput)}`
            : undefined,
        }
      }
      return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    },
  }

  return withSigner(check, async (input: SignInput) => {
    const alg = algorithms[0]
    const kid = privateKeyId(input.privateKey) ?? keySet.signingKeyId
    const protectedHeader = { alg, typ: 'JWT', ...(kid === undefined ? {} : { kid }) }
    const claims = { iat: Math.floor(input.timestamp / 1000), [claim]: await bodyHash(input.body) }
    const token = await signCompactJws(protectedHeader, claims, (signingInput) =>
      signWith(input.privateKey, ALGORITHMS[alg], signingInput, what),
    )
    return { [header]: token }
  })
}
