/**
 * RSA signatures (RFC 8017): RSASSA-PKCS1-v1_5 and RSASSA-PSS with SHA-256 or SHA-512. Wise,
 * PayPal and many bank APIs sign with RSA.
 */
import { importRsaPublicKey, signRsa, verifyRsa } from '#crypto'
import type { Check } from '../check.js'
import type { RsaHash, RsaPadding, RsaParams, RsaPublicKey } from '../crypto/types.js'
import { WebhookConfigError, type VerificationErrorCode } from '../errors.js'
import { firstMatch, joinParts } from '../lib/content-digest.js'
import { decode, encode, type SignatureEncoding } from '../lib/encoding.js'
import type { PublicKeyInput } from '../lib/key-set.js'
import { toPrivateKeyInput } from '../lib/private-key.js'
import { isJwk, isJwkSet, type Jwk, type JwkSet } from '../lib/public-key.js'
import { fromRsaJwk, parseRsaPublicKey, type RsaJwsAlgorithm } from '../lib/rsa-key.js'
import type { ParsedWebhookRequest } from '../request.js'
import { toKeyEntries, type KeyEntry, type SecretEntry } from '../secrets.js'
import {
  createSignatureCheck,
  decodeAny,
  encodingList,
  type SignatureOptions,
} from './signature.js'

export type { RsaHash, RsaPadding } from '../crypto/types.js'

/**
 * RSA public key(s): PEM (`BEGIN PUBLIC KEY`, `BEGIN RSA PUBLIC KEY` or a `BEGIN CERTIFICATE`
 * whose key is used), Base64 DER, a JWK (`kty: 'RSA'`, its `kid` is its id) or a JWKS, a public
 * `KeyObject`, or an array of them with `id`/`notBefore`/`notAfter` (rotation).
 */
export type RsaPublicKeys =
  | PublicKeyInput
  | JwkSet
  | SecretEntry<PublicKeyInput>
  | readonly (PublicKeyInput | JwkSet | SecretEntry<PublicKeyInput>)[]

export interface RsaOptions extends SignatureOptions {
  /** The sender's public key(s). Give `keys` or `publicKey` (the same thing under the preset name). */
  keys?: RsaPublicKeys
  publicKey?: RsaPublicKeys
  /** Default `'pkcs1'` (RSASSA-PKCS1-v1_5). `'pss'` uses a salt as long as the digest. */
  padding?: RsaPadding
  /** Default `'SHA-256'`. */
  hash?: RsaHash
  /** How signatures are written (Base64, Base64url, hex); several are tried in order, strictly. */
  encoding: SignatureEncoding | readonly SignatureEncoding[]
}

/** One imported key and the exact signature length it accepts. */
export interface RsaKey {
  readonly key: RsaPublicKey
  readonly length: number
}

const PADDINGS: readonly RsaPadding[] = ['pkcs1', 'pss']
const HASHES: readonly RsaHash[] = ['SHA-256', 'SHA-512']

/** The JWS name of a padding and hash, to check a JWK's `alg`. */
function jwsAlgorithm(params: RsaParams): RsaJwsAlgorithm {
  return `${params.padding === 'pss' ? 'PS' : 'RS'}${params.hash === 'SHA-256' ? '256' : '512'}`
}

/** Validates `padding` and `hash` (defaults PKCS #1 v1.5, SHA-256). */
export function rsaParams(
  padding: RsaPadding | undefined,
  hash: RsaHash | undefined,
  what: string,
): RsaParams {
  const params = { padding: padding ?? 'pkcs1', hash: hash ?? 'SHA-256' }
  if (!PADDINGS.includes(params.padding))
    throw new WebhookConfigError(`${what}: padding must be 'pkcs1' or 'pss'`)
  if (!HASHES.includes(params.hash))
    throw new WebhookConfigError(`${what}: hash must be 'SHA-256' or 'SHA-512'`)
  return params
}

/** Parses, size-checks and imports one key once; a key the runtime refuses is a config error. */
export function importRsaKey(value: unknown, params: RsaParams, what: string): RsaKey {
  const parsed = parseRsaPublicKey(value, what, jwsAlgorithm(params))
  try {
    return { key: importRsaPublicKey(parsed.spki, params), length: Math.ceil(parsed.bits / 8) }
  } catch {
    throw new WebhookConfigError(`${what}: the runtime rejected the RSA public key`)
  }
}

/** Static keys, imported now; a JWKS contributes its RSA signature keys. */
function rsaKeyEntries(input: RsaPublicKeys, params: RsaParams, what: string): KeyEntry<RsaKey>[] {
  const list: (PublicKeyInput | SecretEntry<PublicKeyInput>)[] = []
  for (const item of Array.isArray(input) ? input : [input]) {
    if (!isJwkSet(item)) {
      list.push(item as PublicKeyInput | SecretEntry<PublicKeyInput>)
      continue
    }
    const usable = item.keys.filter((jwk) => usableJwk(jwk, params, what))
    if (usable.length === 0)
      throw new WebhookConfigError(`${what}: the JWKS has no usable RSA verification key`)
    for (const jwk of usable) list.push({ value: jwk, id: jwk.kid })
  }
  return toKeyEntries<PublicKeyInput, RsaKey>(list, `${what} keys`, (value) =>
    importRsaKey(value, params, what),
  ).map((entry, i) => {
    // A bare JWK's kid is its id, as it would be inside a JWKS.
    const value = list[i]
    const raw =
      typeof value === 'object' && value !== null && 'value' in value ? value.value : value
    return isJwk(raw) && entry.id === undefined && typeof raw.kid === 'string'
      ? { ...entry, id: raw.kid }
      : entry
  })
}

function usableJwk(jwk: Jwk, params: RsaParams, what: string): boolean {
  try {
    fromRsaJwk(jwk, what, jwsAlgorithm(params))
    return true
  } catch {
    return false
  }
}

/** For presets whose key depends on the request (PayPal's certificate URL). */
export interface RsaKeySource {
  /** The lengths signatures may have (bytes), for strict decoding before any key is fetched. */
  readonly lengths: readonly number[]
  select(
    request: ParsedWebhookRequest,
  ):
    | readonly KeyEntry<RsaKey>[]
    | VerificationErrorCode
    | Promise<readonly KeyEntry<RsaKey>[] | VerificationErrorCode>
}

/**
 * An RSA signature check over a signed-content template, with the same header, timestamp,
 * tolerance and rotation options as `hmac`. Keys under 2048 bits are refused at construction.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED` (not exactly one modulus long once
 * decoded), `_MISMATCH`, and the `TIMESTAMP_*` codes when a timestamp is configured.
 *
 * @example
 * // Wise
 * const check = rsa({
 *   header: 'x-signature-sha256', encoding: 'base64', padding: 'pkcs1', hash: 'SHA-256',
 *   publicKey: process.env['WISE_PUBLIC_KEY'] ?? '',
 * })
 * @see https://www.rfc-editor.org/rfc/rfc8017#section-8
 */
export function rsa(options: RsaOptions): Check {
  return createRsaCheck(options)
}

/** `rsa`, with keys chosen per request when `source` is given (presets only: PayPal). */
export function createRsaCheck(options: RsaOptions, source?: RsaKeySource): Check {
  const what = options.name ?? 'rsa'
  const params = rsaParams(options.padding, options.hash, what)
  const encodings = encodingList(options.encoding, what)
  const given = options.keys ?? options.publicKey
  if (options.keys !== undefined && options.publicKey !== undefined)
    throw new WebhookConfigError(`${what}: give keys or publicKey, not both`)
  if (source === undefined && given === undefined)
    throw new WebhookConfigError(`${what}: publicKey is required`)
  const keys = given === undefined ? [] : rsaKeyEntries(given, params, what)
  const lengths = new Set(source?.lengths ?? keys.map((entry) => entry.key.length))

  return createSignatureCheck<RsaKey>(
    'rsa',
    { ...options, name: what },
    {
      keys,
      ...(source === undefined ? {} : { select: (request) => source.select(request) }),
      encodings,
      decode: (text) => decodeAny(text, encodings, decode, (bytes) => lengths.has(bytes.length)),
      match(key, content, signatures) {
        const data = [joinParts(content)]
        return firstMatch(
          signatures,
          (signature) => signature.length === key.length && verifyRsa(key.key, signature, data),
        )
      },
      async sign(content, input) {
        const privateKey = toPrivateKeyInput(input.privateKey, what)
        let signature: Uint8Array
        try {
          signature = await signRsa(privateKey, params, content)
        } catch {
          throw new WebhookConfigError(`signRequest: ${what} needs a matching RSA private key`)
        }
        return encode(signature, encodings[0])
      },
    },
  )
}
