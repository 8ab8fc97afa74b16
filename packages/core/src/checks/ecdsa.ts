/**
 * ECDSA signatures (FIPS 186-5) on P-256, P-384 and P-521, with SHA-256, SHA-384 and SHA-512.
 */
import { verifySignature } from '#crypto'
import {
  inspectionOf,
  signerOf,
  withInspection,
  withSigner,
  type Check,
  type SignInput,
} from '../check.js'
import type { DsaEncoding, PublicKey, PublicKeyAlgorithm } from '../crypto/types.js'
import { WebhookConfigError } from '../errors.js'
import { firstMatch, joinParts } from '../lib/content-digest.js'
import { P1363_LENGTHS, CURVE_SIZES, p1363ToDer, parseDerSignature } from '../lib/der.js'
import { decode, encode, type SignatureEncoding } from '../lib/encoding.js'
import { createKeySet, type KeySet, type PublicKeys } from '../lib/key-set.js'
import { checkOptions } from '../lib/options.js'
import { privateKeyId, signWith } from '../lib/private-key.js'
import { EC_CURVES, isJwk, type EcCurve } from '../lib/public-key.js'
import type { KeyResolver, RemoteJwksOptions } from '../lib/remote-jwks.js'
import {
  createSignatureCheck,
  decodeAny,
  encodingList,
  signatureOptionNames,
  type SignatureOptions,
} from './signature.js'

/** How signatures are laid out: DER, IEEE P1363 (`r || s`), or `'auto'` to accept either. */
export type EcdsaSignatureFormat = 'der' | 'p1363' | 'auto'

/** Where a request names its key, for key sets looked up by `kid`. */
export type KeyIdSource = { readonly header: string } | { readonly param: string }

export interface EcdsaOptions extends SignatureOptions {
  /**
   * Public key(s): PEM SPKI, PEM `EC PUBLIC KEY`, Base64 DER SPKI (SendGrid), a JWK, a JWKS
   * object, or an array of them with `id`/`notBefore`/`notAfter` (rotation). A JWK's `kid` is its
   * id. Or a `KeyResolver`, `async (kid) => jwk`, cached like `jwksUrl` and needing `keyId`.
   * Give `keys` or `jwksUrl`.
   */
  keys?: PublicKeys | KeyResolver
  /**
   * A JWKS served over HTTPS, fetched on first use, cached and refetched for an unknown `kid`
   * (see `jwksCache`). Needs `keyId`: where the request names its key. Plain `http:` is a config
   * error unless the host is loopback and `jwksCache.allowLoopbackHttp` is set. A fetch failure,
   * a redirect, a timeout or a response over 64 KiB gives `ERR_WEBHOOK_KEY_UNAVAILABLE` (503),
   * so the sender retries.
   */
  jwksUrl?: string | URL
  /** Fetching and caching of `jwksUrl` (and of a resolver's answers). */
  jwksCache?: RemoteJwksOptions
  /**
   * Where the request names its key (`kid`), e.g. `{ header: 'x-key-id' }` or `{ param: 'kid' }`
   * in a pairs-format header. Required with `jwksUrl`; with static keys it narrows the keys tried
   * to those with that id (and those without one).
   */
  keyId?: KeyIdSource
  /** Pins the curve: a key on another curve is a config error. Default: inferred from each key. */
  curve?: EcCurve
  /** Default `'auto'`: exactly 64/96/132 bytes is P1363, else it must be one well-formed DER value. */
  signatureFormat?: EcdsaSignatureFormat
  /** How signatures are written (Base64, Base64url, hex); several are tried in order, strictly. */
  encoding: SignatureEncoding | readonly SignatureEncoding[]
}

const FORMATS: readonly EcdsaSignatureFormat[] = ['der', 'p1363', 'auto']

const OPTION_NAMES = /* @__PURE__ */ signatureOptionNames<EcdsaOptions>({
  keys: true,
  jwksUrl: true,
  jwksCache: true,
  keyId: true,
  curve: true,
  signatureFormat: true,
  encoding: true,
})

/**
 * An ECDSA signature check over a signed-content template, with the same header, timestamp,
 * tolerance and rotation options as `hmac`.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH`, the `TIMESTAMP_*` codes
 * when a timestamp is configured, and `ERR_WEBHOOK_KEY_UNAVAILABLE` for an unreachable `jwksUrl`.
 * On success `keyId` is the matching key's `id` (or JWK `kid`).
 *
 * @example
 * // SendGrid Event Webhook
 * const check = ecdsa({
 *   header: 'x-twilio-email-event-webhook-signature', encoding: 'base64', signatureFormat: 'der',
 *   timestamp: { header: 'x-twilio-email-event-webhook-timestamp' }, content: '{timestamp}{body}',
 *   keys: process.env['SENDGRID_PUBLIC_KEY'] ?? '',
 * })
 */
export function ecdsa(options: EcdsaOptions): Check {
  checkOptions(options, OPTION_NAMES, 'ecdsa')
  const what = options.name ?? 'ecdsa'
  const format = options.signatureFormat ?? 'auto'
  if (!FORMATS.includes(format)) {
    throw new WebhookConfigError(`${what}: signatureFormat must be 'der', 'p1363' or 'auto'`)
  }
  const curve = options.curve
  if (curve !== undefined && !EC_CURVES.includes(curve)) {
    throw new WebhookConfigError(`${what}: curve must be 'P-256', 'P-384' or 'P-521'`)
  }
  const encodings = encodingList(options.encoding, what)
  const keyId = keyIdSource(options, what)
  const accept = (algorithm: PublicKeyAlgorithm) =>
    curve === undefined || algorithm === curve
      ? undefined
      : `a ${algorithm} key was given but curve is '${curve}'`
  const keySet = createKeySet(options, 'ecdsa', what, accept, keyId !== undefined)

  // P1363 lengths this check can meet: those of its curves.
  const lengths = P1363_LENGTHS.filter((n) =>
    [...keySet.algorithms].some((a) => a !== 'Ed25519' && 2 * CURVE_SIZES[a] === n),
  )
  const encodingOf = (bytes: Uint8Array): DsaEncoding | undefined => {
    if (format !== 'der' && (format === 'p1363' || P1363_LENGTHS.includes(bytes.length))) {
      return lengths.includes(bytes.length) ? 'p1363' : undefined
    }
    return parseDerSignature(bytes) === undefined ? undefined : 'der'
  }

  const check = createSignatureCheck<PublicKey>(
    'ecdsa',
    { ...options, name: what },
    {
      keys: [],
      ...(keySet.entries && { configured: keySet.entries }),
      encodings,
      select: (request, params) => {
        const kid =
          keyId === undefined
            ? undefined
            : 'header' in keyId
              ? request.header(keyId.header)
              : params.get(keyId.param)
        return keySet.select(kid)
      },
      decode: (text) =>
        decodeAny(text, encodings, decode, (bytes) => encodingOf(bytes) !== undefined),
      match(key, content, signatures) {
        const data = [joinParts(content)]
        return firstMatch(signatures, (signature) => {
          // `decode` kept only signatures with an encoding; one without fails, never throws.
          const encoding = encodingOf(signature)
          return encoding !== undefined && verifySignature(key, signature, data, encoding)
        })
      },
      async sign(content, input) {
        const algorithm = signingAlgorithm(input, curve, keySet)
        const p1363 = await signWith(input.privateKey, algorithm, content, what)
        const signature = format === 'p1363' ? p1363 : p1363ToDer(p1363)
        if (signature === undefined) {
          throw new WebhookConfigError(`signRequest: ${what} could not DER-encode the signature`)
        }
        return encode(signature, encodings[0])
      },
    },
  )
  return keyId === undefined ? check : withKeyIdSigner(check, keyId, options, keySet, what)
}

function keyIdSource(options: EcdsaOptions, what: string): KeyIdSource | undefined {
  const source = options.keyId
  if (source === undefined) return undefined
  const name = 'header' in source ? source.header : 'param' in source ? source.param : undefined
  if (typeof name !== 'string' || name.trim() === '') {
    throw new WebhookConfigError(`${what}: keyId must be { header: name } or { param: name }`)
  }
  if (
    'param' in source &&
    (options.format === undefined || options.format === 'value' || 'tokens' in options.format)
  ) {
    throw new WebhookConfigError(`${what}: a keyId 'param' source needs format { pairs: ... }`)
  }
  return 'header' in source ? { header: name.toLowerCase() } : { param: name }
}

function signingAlgorithm(
  input: SignInput,
  curve: EcCurve | undefined,
  keySet: KeySet,
): PublicKeyAlgorithm {
  const jwkCurve = isJwk(input.privateKey)
    ? EC_CURVES.find((c) => c === (input.privateKey as { crv?: unknown }).crv)
    : undefined
  const [only] = keySet.algorithms
  return curve ?? jwkCurve ?? (keySet.algorithms.size === 1 && only !== undefined ? only : 'P-256')
}

/** `signRequest` also writes the `kid`: in its header, or as a pair before the signature. */
function withKeyIdSigner(
  check: Check,
  keyId: KeyIdSource,
  options: EcdsaOptions,
  keySet: KeySet,
  what: string,
): Check {
  const inner = signerOf(check)
  // createSignatureCheck always gives its check a signer; this only keeps that promise checked.
  if (inner === undefined) throw new Error(`${what}: the signature check has no signer`)
  const header = options.header.toLowerCase()
  const format = options.format
  const copy: Check = {
    name: check.name,
    verify: (request, context) => check.verify(request, context),
  }
  return withSigner(withInspection(copy, inspectionOf(check)), async (input) => {
    const kid = privateKeyId(input.privateKey) ?? keySet.signingKeyId
    if (kid === undefined) {
      throw new WebhookConfigError(
        `signRequest: ${what} names its key: pass a JWK privateKey with a kid`,
      )
    }
    const headers = await inner(input)
    if ('header' in keyId) return { ...headers, [keyId.header]: kid }
    const separator =
      typeof format === 'object' && 'pairs' in format ? (format.separator?.[0] ?? ',') : ','
    return { ...headers, [header]: `${keyId.param}=${kid}${separator}${headers[header]}` }
  })
}
