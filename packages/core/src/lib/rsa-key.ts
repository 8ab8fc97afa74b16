/**
 * RSA public keys as users hold them (PEM SPKI, PEM PKCS #1, an X.509 certificate, Base64 DER,
 * a JWK) turned into one canonical `rsaEncryption` SPKI with its modulus size checked. Runs once
 * per key, at construction (or once per fetched certificate); both sides of the crypto seam then
 * import the same bytes.
 */
import { WebhookConfigError } from '../errors.js'
import { decodeBase64, decodeBase64Url, decodeHexConstant, encodeHex } from './encoding.js'
import { isPem, parsePem } from './pem.js'
import { isJwk, isKeyObject, readSpkiParts, readTlv, type Jwk } from './public-key.js'

/** NIST SP 800-131A: RSA signatures need at least 2048-bit moduli. */
export const MIN_RSA_BITS = 2048
/** Larger keys are refused: verification cost grows with the modulus, and nobody signs with them. */
export const MAX_RSA_BITS = 16384

export interface ParsedRsaKey {
  /** Canonical SPKI DER (`rsaEncryption`, NULL parameters), rebuilt from the parsed parts. */
  readonly spki: Uint8Array
  /** Modulus size in bits; a signature is exactly `ceil(bits / 8)` bytes. */
  readonly bits: number
}

const OID_RSA = '2a864886f70d010101' // rsaEncryption
const OID_PSS = '2a864886f70d01010a' // RSASSA-PSS: same key, parameters restrict its use
const RSA_ALGORITHM = /* @__PURE__ */ decodeHexConstant('300d06092a864886f70d0101010500')

const EXPECTED =
  'an RSA public key (PEM "BEGIN PUBLIC KEY" or "BEGIN RSA PUBLIC KEY", an X.509 certificate, Base64 DER or a JWK with kty "RSA")'

function configError(what: string, problem: string): WebhookConfigError {
  return new WebhookConfigError(`${what}: ${problem}`)
}

/** DER length octets (definite form, minimal). */
function derLength(length: number): number[] {
  if (length < 0x80) return [length]
  const bytes: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff)
  return [0x80 | bytes.length, ...bytes]
}

function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of contents) length += part.length
  const head = [tag, ...derLength(length)]
  const out = new Uint8Array(head.length + length)
  out.set(head)
  let offset = head.length
  for (const part of contents) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** A positive INTEGER's magnitude (no sign byte); `undefined` if negative, zero or not minimal. */
function magnitude(value: Uint8Array): Uint8Array | undefined {
  const first = value[0]
  if (first === undefined || first & 0x80) return undefined
  if (first === 0) {
    const second = value[1]
    if (second === undefined || (second & 0x80) === 0) return undefined
    return value.subarray(1)
  }
  return value
}

/** Bits of a magnitude from `magnitude()`, whose first byte is non-zero. */
function bitLength(mag: Uint8Array): number {
  const lead = mag[0]
  return lead === undefined ? 0 : (mag.length - 1) * 8 + (32 - Math.clz32(lead))
}

/** From the modulus and exponent magnitudes: size and exponent checks, then the canonical SPKI. */
function fromParts(n: Uint8Array, e: Uint8Array, what: string): ParsedRsaKey {
  const bits = bitLength(n)
  if (bits < MIN_RSA_BITS) {
    throw configError(
      what,
      `the RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required (NIST SP 800-131A)`,
    )
  }
  if (bits > MAX_RSA_BITS)
    throw configError(what, `RSA keys over ${MAX_RSA_BITS} bits are not supported`)
  // Web Crypto and OpenSSL take odd exponents from 3 up; 4 bytes covers every one in use (65537).
  const lead = e[0]
  const last = e[e.length - 1]
  if (
    lead === undefined ||
    last === undefined ||
    e.length > 4 ||
    (last & 1) === 0 ||
    (e.length === 1 && lead < 3)
  ) {
    throw configError(what, 'the RSA public exponent is invalid')
  }
  // A sign byte where the magnitude's high bit is set (an empty magnitude never reaches here).
  const integer = (mag: Uint8Array) =>
    tlv(0x02, (mag[0] ?? 0) & 0x80 ? new Uint8Array([0]) : new Uint8Array(), mag)
  const rsaPublicKey = tlv(0x30, integer(n), integer(e))
  const spki = tlv(0x30, RSA_ALGORITHM, tlv(0x03, new Uint8Array([0]), rsaPublicKey))
  return { spki, bits }
}

/** PKCS #1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`. */
function fromPkcs1(der: Uint8Array, what: string): ParsedRsaKey | undefined {
  const outer = readTlv(der, 0)
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return undefined
  const n = readTlv(outer.value, 0)
  const e = n && readTlv(outer.value, n.end)
  if (!n || !e || n.tag !== 0x02 || e.tag !== 0x02 || e.end !== outer.value.length) return undefined
  const modulus = magnitude(n.value)
  const exponent = magnitude(e.value)
  if (!modulus || !exponent) throw configError(what, 'malformed RSA public key')
  return fromParts(modulus, exponent, what)
}

/** An RSA key in SPKI; `undefined` if it is not SPKI, a `WebhookConfigError` for another kind. */
function fromSpki(der: Uint8Array, what: string): ParsedRsaKey | undefined {
  const parts = readSpkiParts(der)
  if (!parts) return undefined
  if (parts.oid !== OID_RSA && parts.oid !== OID_PSS) {
    throw configError(what, `got a non-RSA key; expected ${EXPECTED}`)
  }
  const key = fromPkcs1(parts.key, what)
  if (!key) throw configError(what, 'malformed RSA public key')
  return key
}

/** What hookwarden reads from an X.509 certificate; its signature and chain are not checked. */
export interface CertificateFields {
  /** The subjectPublicKeyInfo, as DER. */
  readonly spki: Uint8Array
  /** Validity, ms since the epoch. */
  readonly notBefore: number
  readonly notAfter: number
  /** The subject's common names (OID 2.5.4.3). */
  readonly commonNames: readonly string[]
}

/** UTCTime (`YYMMDDHHMMSSZ`, RFC 5280 §4.1.2.5.1) or GeneralizedTime (`YYYYMMDDHHMMSSZ`). */
function readTime(tag: number, value: Uint8Array): number | undefined {
  const text = String.fromCharCode(...value)
  const m =
    tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : tag === 0x18
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null
  if (!m) return undefined
  const [, y = '', mo = '', d = '', h = '', mi = '', sec = ''] = m
  const year = tag === 0x17 ? (+y >= 50 ? 1900 : 2000) + +y : +y
  return Date.UTC(year, +mo - 1, +d, +h, +mi, +sec)
}

const COMMON_NAME = '550403'

/** The common names in a `Name` (SEQUENCE OF SET OF SEQUENCE { OID, value }). */
function commonNames(name: Uint8Array): string[] | undefined {
  const names: string[] = []
  for (let at = 0; at < name.length;) {
    const rdn = readTlv(name, at)
    if (!rdn || rdn.tag !== 0x31) return undefined
    for (let inner = 0; inner < rdn.value.length;) {
      const pair = readTlv(rdn.value, inner)
      const oid = pair && readTlv(pair.value, 0)
      const value = oid && pair && readTlv(pair.value, oid.end)
      if (!pair || !oid || !value || oid.tag !== 0x06) return undefined
      if (encodeHex(oid.value) === COMMON_NAME) names.push(String.fromCharCode(...value.value))
      inner = pair.end
    }
    at = rdn.end
  }
  return names
}

/**
 * The fields of an X.509 certificate (RFC 5280 §4.1): `tbsCertificate` holds an optional `[0]`
 * version, then serial, signature algorithm, issuer, validity, subject and the SPKI. Only these
 * are read: the certificate's own signature and chain are not checked here.
 */
export function readCertificate(der: Uint8Array): CertificateFields | undefined {
  const cert = readTlv(der, 0)
  if (!cert || cert.tag !== 0x30 || cert.end !== der.length) return undefined
  const tbs = readTlv(cert.value, 0)
  if (!tbs || tbs.tag !== 0x30) return undefined
  const fields = []
  let at = 0
  if (readTlv(tbs.value, 0)?.tag === 0xa0) at = readTlv(tbs.value, 0)?.end ?? 0
  // serial, signature, issuer, validity, subject, subjectPublicKeyInfo
  for (const tag of [0x02, 0x30, 0x30, 0x30, 0x30, 0x30]) {
    const field = readTlv(tbs.value, at)
    if (!field || field.tag !== tag) return undefined
    fields.push({ start: at, ...field })
    at = field.end
  }
  const [, , , validity, subject, spki] = fields
  if (!validity || !subject || !spki) return undefined
  const from = readTlv(validity.value, 0)
  const to = from && readTlv(validity.value, from.end)
  const notBefore = from && readTime(from.tag, from.value)
  const notAfter = to && readTime(to.tag, to.value)
  const names = commonNames(subject.value)
  if (notBefore === undefined || notAfter === undefined || names === undefined) return undefined
  return {
    spki: tbs.value.subarray(spki.start, spki.end),
    notBefore,
    notAfter,
    commonNames: names,
  }
}

/** DER of any accepted shape: SPKI, PKCS #1 or a certificate. */
function fromDer(der: Uint8Array, what: string): ParsedRsaKey {
  const key = fromSpki(der, what) ?? fromPkcs1(der, what)
  if (key) return key
  const cert = readCertificate(der)
  const fromCert = cert && fromSpki(cert.spki, what)
  if (fromCert) return fromCert
  throw configError(what, `expected ${EXPECTED}`)
}

function fromPem(text: string, what: string): ParsedRsaKey {
  const pem = parsePem(text)
  if (pem === undefined) throw configError(what, `malformed PEM; expected ${EXPECTED}`)
  if (pem.label.includes('PRIVATE')) {
    throw configError(
      what,
      'got a private key where a public key belongs; pass only the public half (BEGIN PUBLIC KEY)',
    )
  }
  const key =
    pem.label === 'PUBLIC KEY'
      ? fromSpki(pem.der, what)
      : pem.label === 'RSA PUBLIC KEY'
        ? fromPkcs1(pem.der, what)
        : pem.label === 'CERTIFICATE'
          ? ((cert) => cert && fromSpki(cert.spki, what))(readCertificate(pem.der))
          : undefined
  if (!key) throw configError(what, `unsupported or malformed PEM block; expected ${EXPECTED}`)
  return key
}

function jwkInteger(value: unknown): Uint8Array | undefined {
  const bytes = typeof value === 'string' ? decodeBase64Url(value) : undefined
  // RFC 7518 §6.3.1: unsigned big-endian, no leading zero octets.
  return bytes && bytes.length > 0 && bytes[0] !== 0 ? bytes : undefined
}

/** JWS names for RSA (RFC 7518 §3.1), to check a JWK's `alg` against the check's settings. */
export type RsaJwsAlgorithm = 'RS256' | 'RS512' | 'PS256' | 'PS512'

/** From a JWK with `kty: 'RSA'`; private, wrong-purpose or wrong-`alg` keys are refused. */
export function fromRsaJwk(jwk: Jwk, what: string, alg?: RsaJwsAlgorithm): ParsedRsaKey {
  if ('d' in jwk) {
    throw configError(what, 'got a private key where a public key belongs; pass a JWK without "d"')
  }
  if (jwk.kty !== 'RSA')
    throw configError(what, `got a ${String(jwk.kty)} JWK; expected ${EXPECTED}`)
  if (jwk.use !== undefined && jwk.use !== 'sig')
    throw configError(what, 'the JWK is not for signatures (use)')
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify')))
    throw configError(what, "the JWK does not allow 'verify' (key_ops)")
  if (jwk.alg !== undefined && alg !== undefined && jwk.alg !== alg)
    throw configError(what, `the JWK alg does not match this check (${alg})`)
  const n = jwkInteger(jwk['n'])
  const e = jwkInteger(jwk['e'])
  if (!n || !e) throw configError(what, 'JWK n and e must be Base64url unsigned integers')
  return fromParts(n, e, what)
}

/** Parses one RSA public key; throws `WebhookConfigError` naming the expected forms, never key bytes. */
export function parseRsaPublicKey(
  value: unknown,
  what: string,
  alg?: RsaJwsAlgorithm,
): ParsedRsaKey {
  if (isJwk(value)) return fromRsaJwk(value, what, alg)
  if (isKeyObject(value)) {
    if (value.type !== 'public') {
      throw configError(what, `got a ${value.type} key object; expected ${EXPECTED}`)
    }
    return fromRsaJwk(value.export({ format: 'jwk' }), what, alg)
  }
  if (ArrayBuffer.isView(value)) {
    return fromDer(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), what)
  }
  if (typeof value !== 'string' || value.trim() === '')
    throw configError(what, `expected ${EXPECTED}`)
  const text = value.trim()
  if (isPem(text)) return fromPem(text, what)
  const der = decodeBase64(text.replace(/\s+/g, '')) ?? decodeBase64Url(text)
  if (der === undefined) throw configError(what, `expected ${EXPECTED}`)
  return fromDer(der, what)
}
