/**
 * Public keys as users hold them (PEM, Base64 DER SPKI, JWK, raw bytes, `whpk_`) turned into one
 * canonical SPKI per key, with the algorithm checked. Runs once per key, at construction (or when a
 * remote key set changes); both sides of the crypto seam then import the same bytes.
 */
import type { PublicKeyAlgorithm } from '../crypto/types.js'
import { WebhookConfigError } from '../errors.js'
import { CURVE_SIZES } from './der.js'
import {
  decodeBase64,
  decodeBase64Url,
  decodeHex,
  decodeHexConstant,
  encodeHex,
} from './encoding.js'
import { isPem, parsePem } from './pem.js'

export type EcCurve = 'P-256' | 'P-384' | 'P-521'
export const EC_CURVES: readonly EcCurve[] = ['P-256', 'P-384', 'P-521']

/** A JSON Web Key (RFC 7517), as far as hookwarden reads it. */
export interface Jwk {
  kty?: string
  crv?: string
  x?: string
  y?: string
  /** Present only in private keys: refused where a public key belongs. */
  d?: string
  kid?: string
  use?: string
  key_ops?: readonly string[]
  alg?: string
  [member: string]: unknown
}

/** A JSON Web Key Set (RFC 7517 §5). */
export interface JwkSet {
  keys: readonly Jwk[]
}

export type KeyKind = 'ecdsa' | 'ed25519'

export interface ParsedPublicKey {
  readonly algorithm: PublicKeyAlgorithm
  /** Canonical SPKI DER, rebuilt from the parsed parts. */
  readonly spki: Uint8Array
}

// DER of the AlgorithmIdentifier contents (OIDs, with the curve parameter for EC).
const hex = decodeHexConstant
const EC_PUBLIC_KEY = '2a8648ce3d0201'
const CURVE_OIDS: Record<string, EcCurve> = {
  '2a8648ce3d030107': 'P-256',
  '2b81040022': 'P-384',
  '2b81040023': 'P-521',
}
const ED25519 = '2b6570'
const RSA = ['2a864886f70d010101', '2a864886f70d01010a'] // rsaEncryption, RSASSA-PSS
const SPKI_PREFIX: Record<PublicKeyAlgorithm, Uint8Array> = {
  'P-256': /* @__PURE__ */ hex('3059301306072a8648ce3d020106082a8648ce3d030107034200'),
  'P-384': /* @__PURE__ */ hex('3076301006072a8648ce3d020106052b81040022036200'),
  'P-521': /* @__PURE__ */ hex('30819b301006072a8648ce3d020106052b8104002303818600'),
  Ed25519: /* @__PURE__ */ hex('302a300506032b6570032100'),
}
const ALGS: Record<string, PublicKeyAlgorithm> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }

export interface Tlv {
  readonly tag: number
  readonly value: Uint8Array
  readonly end: number
}

/** One DER TLV at `at` with a minimal length of up to two bytes; `undefined` when malformed. */
export function readTlv(bytes: Uint8Array, at: number): Tlv | undefined {
  const tag = bytes[at]
  let length = bytes[at + 1]
  if (tag === undefined || length === undefined) return undefined
  let start = at + 2
  if (length === 0x81 || length === 0x82) {
    const n = length - 0x80
    length = 0
    for (let i = 0; i < n; i++) length = (length << 8) | (bytes[start + i] ?? -1)
    start += n
    if (length < 0 || length < (n === 1 ? 0x80 : 0x100)) return undefined
  } else if (length > 0x7f) {
    return undefined
  }
  const end = start + length
  return end > bytes.length ? undefined : { tag, value: bytes.subarray(start, end), end }
}

type SpkiContent =
  | { readonly algorithm: PublicKeyAlgorithm; readonly key: Uint8Array }
  | { readonly other: 'rsa' | 'unknown' }

/** The parts of an SPKI: the algorithm OID (hex), its SEQUENCE's content, and the key bits. */
export interface SpkiParts {
  readonly oid: string
  /** The AlgorithmIdentifier's content: the OID's TLV, then any parameters from `oidEnd`. */
  readonly algorithm: Uint8Array
  readonly oidEnd: number
  readonly key: Uint8Array
}

/**
 * Reads `SEQUENCE { SEQUENCE { OID, params? }, BIT STRING }` (for EC, Ed25519 and RSA keys alike);
 * `undefined` if it is not SPKI at all.
 */
export function readSpkiParts(der: Uint8Array): SpkiParts | undefined {
  const outer = readTlv(der, 0)
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return undefined
  const algorithm = readTlv(outer.value, 0)
  if (!algorithm || algorithm.tag !== 0x30) return undefined
  const bits = readTlv(outer.value, algorithm.end)
  if (!bits || bits.tag !== 0x03 || bits.end !== outer.value.length || bits.value[0] !== 0)
    return undefined
  const oid = readTlv(algorithm.value, 0)
  if (!oid || oid.tag !== 0x06) return undefined
  return {
    oid: encodeHex(oid.value),
    algorithm: algorithm.value,
    oidEnd: oid.end,
    key: bits.value.subarray(1),
  }
}

/** The key an SPKI holds, when it is one of the curves or Ed25519; what else it is otherwise. */
function readSpki(der: Uint8Array): SpkiContent | undefined {
  const parts = readSpkiParts(der)
  if (!parts) return undefined
  const { oid: name, algorithm, oidEnd, key } = parts
  if (name === EC_PUBLIC_KEY) {
    const param = readTlv(algorithm, oidEnd)
    if (!param || param.tag !== 0x06 || param.end !== algorithm.length) return { other: 'unknown' }
    const curve = CURVE_OIDS[encodeHex(param.value)]
    return curve ? { algorithm: curve, key } : { other: 'unknown' }
  }
  if (name === ED25519 && oidEnd === algorithm.length) return { algorithm: 'Ed25519', key }
  return { other: RSA.includes(name) ? 'rsa' : 'unknown' }
}

/** PKCS #8 (`SEQUENCE { INTEGER version, ... }`) or SEC1 private keys start with an INTEGER. */
function looksPrivate(der: Uint8Array): boolean {
  const outer = readTlv(der, 0)
  return outer?.tag === 0x30 && outer.value[0] === 0x02
}

// Curve constants (FIPS 186-5 / SEC 2): y^2 = x^3 - 3x + b over GF(p).
const CURVE_EQ: Record<EcCurve, readonly [bigint, bigint]> = {
  'P-256': [
    0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  ],
  'P-384': [
    0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  ],
  'P-521': [
    // 2^521 - 1 written out: a shift is an operation bundlers keep at module level.
    0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn,
    0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  ],
}

const big = (bytes: Uint8Array) => (bytes.length === 0 ? 0n : BigInt('0x' + encodeHex(bytes)))

/**
 * Checks an uncompressed point `04 || x || y` is on `curve`, so both sides of the seam reject a bad
 * key at construction (Node would; Web Crypto only at its lazy import).
 */
function checkPoint(point: Uint8Array, curve: EcCurve, what: string): void {
  const size = CURVE_SIZES[curve]
  if (point[0] === 0x02 || point[0] === 0x03) {
    throw new WebhookConfigError(
      `${what}: compressed EC points are not supported; export the key uncompressed`,
    )
  }
  if (point.length !== 1 + 2 * size || point[0] !== 0x04) {
    throw new WebhookConfigError(`${what}: the EC public key has the wrong length for ${curve}`)
  }
  const [p, b] = CURVE_EQ[curve]
  const x = big(point.subarray(1, 1 + size))
  const y = big(point.subarray(1 + size))
  const mod = (n: bigint) => ((n % p) + p) % p
  if (x >= p || y >= p || mod(y * y) !== mod(x * x * x - 3n * x + b)) {
    throw new WebhookConfigError(`${what}: the EC public key is not a point on ${curve}`)
  }
}

function build(algorithm: PublicKeyAlgorithm, key: Uint8Array): ParsedPublicKey {
  const prefix = SPKI_PREFIX[algorithm]
  const spki = new Uint8Array(prefix.length + key.length)
  spki.set(prefix)
  spki.set(key, prefix.length)
  return { algorithm, spki }
}

function expected(kind: KeyKind): string {
  return kind === 'ecdsa'
    ? 'an ECDSA P-256/P-384/P-521 public key (PEM SPKI, BEGIN EC PUBLIC KEY, Base64 DER SPKI or a JWK with kty EC)'
    : 'an Ed25519 public key (32 bytes as hex or Base64, whpk_..., PEM SPKI or a JWK with kty OKP)'
}

const privateKeyError = (what: string) =>
  new WebhookConfigError(
    `${what}: got a private key where a public key belongs; pass only the public half (BEGIN PUBLIC KEY, or a JWK without "d")`,
  )

/** From SPKI DER: the algorithm must be `kind`'s and the key well-formed. */
function fromSpki(der: Uint8Array, kind: KeyKind, what: string): ParsedPublicKey {
  const content = readSpki(der)
  if (content === undefined) {
    throw looksPrivate(der)
      ? privateKeyError(what)
      : new WebhookConfigError(`${what}: expected ${expected(kind)}`)
  }
  if ('other' in content) {
    throw new WebhookConfigError(
      `${what}: ${content.other === 'rsa' ? 'got an RSA key' : 'unsupported key algorithm or curve'}; expected ${expected(kind)}`,
    )
  }
  return fromParts(content.algorithm, content.key, kind, what)
}

function fromParts(
  algorithm: PublicKeyAlgorithm,
  key: Uint8Array,
  kind: KeyKind,
  what: string,
): ParsedPublicKey {
  if ((algorithm === 'Ed25519') !== (kind === 'ed25519')) {
    throw new WebhookConfigError(
      `${what}: got ${algorithm === 'Ed25519' ? 'an Ed25519' : 'an ECDSA'} key; expected ${expected(kind)}`,
    )
  }
  if (algorithm === 'Ed25519') {
    if (key.length !== 32)
      throw new WebhookConfigError(`${what}: an Ed25519 public key is 32 bytes`)
  } else {
    checkPoint(key, algorithm, what)
  }
  return build(algorithm, key)
}

/** The curve an uncompressed point's length implies. */
function curveOfPoint(point: Uint8Array): EcCurve | undefined {
  return EC_CURVES.find((curve) => point.length === 1 + 2 * CURVE_SIZES[curve] && point[0] === 0x04)
}

function fromPem(text: string, kind: KeyKind, what: string): ParsedPublicKey {
  const pem = parsePem(text)
  if (pem === undefined)
    throw new WebhookConfigError(`${what}: malformed PEM; expected ${expected(kind)}`)
  if (pem.label.includes('PRIVATE')) throw privateKeyError(what)
  if (pem.label === 'RSA PUBLIC KEY')
    throw new WebhookConfigError(`${what}: got an RSA key; expected ${expected(kind)}`)
  if (pem.label === 'EC PUBLIC KEY') {
    // No standard body: tools write either an SPKI or the bare uncompressed point under this label.
    const curve = kind === 'ecdsa' ? curveOfPoint(pem.der) : undefined
    return curve ? fromParts(curve, pem.der, kind, what) : fromSpki(pem.der, kind, what)
  }
  if (pem.label !== 'PUBLIC KEY') {
    throw new WebhookConfigError(`${what}: unsupported PEM block; expected ${expected(kind)}`)
  }
  return fromSpki(pem.der, kind, what)
}

function jwkBytes(value: unknown, length: number): Uint8Array | undefined {
  const bytes = typeof value === 'string' ? decodeBase64Url(value) : undefined
  return bytes?.length === length ? bytes : undefined
}

/** From a JWK: refuses private, symmetric and wrong-purpose keys; `kid` is left to the caller. */
export function fromJwk(jwk: Jwk, kind: KeyKind, what: string): ParsedPublicKey {
  if ('d' in jwk) throw privateKeyError(what)
  if (jwk.kty === 'oct')
    throw new WebhookConfigError(`${what}: got a symmetric (HMAC) JWK; expected ${expected(kind)}`)
  if (jwk.use !== undefined && jwk.use !== 'sig')
    throw new WebhookConfigError(`${what}: the JWK is not for signatures (use)`)
  if (
    jwk.key_ops !== undefined &&
    !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))
  ) {
    throw new WebhookConfigError(`${what}: the JWK does not allow 'verify' (key_ops)`)
  }
  if (jwk.kty === 'EC') {
    const curve = EC_CURVES.find((c) => c === jwk.crv)
    if (curve === undefined)
      throw new WebhookConfigError(`${what}: unsupported JWK curve; expected P-256, P-384 or P-521`)
    if (jwk.alg !== undefined && ALGS[jwk.alg] !== curve) {
      throw new WebhookConfigError(`${what}: the JWK alg does not match its curve`)
    }
    const size = CURVE_SIZES[curve]
    const x = jwkBytes(jwk.x, size)
    const y = jwkBytes(jwk.y, size)
    if (!x || !y)
      throw new WebhookConfigError(`${what}: JWK x and y must be Base64url of ${size} bytes each`)
    const point = new Uint8Array(1 + 2 * size)
    point[0] = 0x04
    point.set(x, 1)
    point.set(y, 1 + size)
    return fromParts(curve, point, kind, what)
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    if (jwk.alg !== undefined && jwk.alg !== 'EdDSA' && jwk.alg !== 'Ed25519') {
      throw new WebhookConfigError(`${what}: the JWK alg does not match Ed25519`)
    }
    const x = jwkBytes(jwk.x, 32)
    if (!x) throw new WebhookConfigError(`${what}: JWK x must be Base64url of 32 bytes`)
    return fromParts('Ed25519', x, kind, what)
  }
  throw new WebhookConfigError(
    `${what}: ${jwk.kty === 'RSA' ? 'got an RSA JWK' : 'unsupported JWK'}; expected ${expected(kind)}`,
  )
}

export interface KeyObjectLike {
  readonly type: string
  export(options: { format: 'jwk' }): Jwk
}

export function isKeyObject(value: unknown): value is KeyObjectLike {
  const type =
    typeof value === 'object' && value !== null ? (value as KeyObjectLike).type : undefined
  return (
    (type === 'public' || type === 'private' || type === 'secret') &&
    typeof (value as KeyObjectLike).export === 'function'
  )
}

export function isJwk(value: unknown): value is Jwk {
  return (
    typeof value === 'object' &&
    value !== null &&
    !ArrayBuffer.isView(value) &&
    typeof (value as Jwk).kty === 'string'
  )
}

export function isJwkSet(value: unknown): value is JwkSet {
  return typeof value === 'object' && value !== null && Array.isArray((value as JwkSet).keys)
}

/**
 * Parses one public key of `kind`. Throws `WebhookConfigError` saying what was expected; messages
 * name formats and algorithms, never key bytes.
 */
export function parsePublicKey(value: unknown, kind: KeyKind, what: string): ParsedPublicKey {
  if (isJwk(value)) return fromJwk(value, kind, what)
  if (isKeyObject(value)) {
    // A Node KeyObject, recognised by shape (no node: import here); a private one exports `d`.
    if (value.type === 'secret')
      throw new WebhookConfigError(`${what}: got a secret (HMAC) key; expected ${expected(kind)}`)
    return fromJwk(value.export({ format: 'jwk' }), kind, what)
  }
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    if (kind === 'ed25519' && bytes.length === 32) return fromParts('Ed25519', bytes, kind, what)
    const curve = kind === 'ecdsa' ? curveOfPoint(bytes) : undefined
    return curve ? fromParts(curve, bytes, kind, what) : fromSpki(bytes, kind, what)
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new WebhookConfigError(`${what}: expected ${expected(kind)}`)
  }
  const text = value.trim()
  if (isPem(text)) return fromPem(text, kind, what)
  if (text.startsWith('whsec_')) {
    throw new WebhookConfigError(
      `${what}: got an HMAC secret (whsec_...); expected ${expected(kind)}`,
    )
  }
  if (kind === 'ed25519') {
    const raw = text.startsWith('whpk_')
      ? decodeBase64(text.slice(5))
      : ((/^[0-9a-fA-F]{64}$/.test(text) ? decodeHex(text) : undefined) ??
        decodeBase64(text) ??
        decodeBase64Url(text))
    if (raw?.length === 32) return fromParts('Ed25519', raw, kind, what)
    if (raw !== undefined && !text.startsWith('whpk_')) return fromSpki(raw, kind, what)
    throw new WebhookConfigError(`${what}: expected ${expected(kind)}`)
  }
  // SendGrid style: Base64 of the DER SPKI, no armour.
  const der = decodeBase64(text) ?? decodeBase64Url(text)
  if (der === undefined) throw new WebhookConfigError(`${what}: expected ${expected(kind)}`)
  return fromSpki(der, kind, what)
}
