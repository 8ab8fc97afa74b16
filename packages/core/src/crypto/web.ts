/**
 * The crypto seam on Web Crypto, for workers, Deno, Bun and browsers. Keys are imported once, on
 * first use (some runtimes forbid async work at module load), and cached.
 */
import { CURVE_SIZES, derToP1363 } from '../lib/der.js'
import type {
  CryptoSeam,
  HashName,
  HmacKey,
  PublicKey,
  PublicKeyAlgorithm,
  RsaHash,
  RsaParams,
  RsaPublicKey,
} from './types.js'

interface WebHmacKey extends HmacKey {
  readonly cryptoKey: () => Promise<CryptoKey>
  /** The imported key once its import resolved: later calls skip a tick awaiting it. */
  ready: CryptoKey | undefined
}

export const importHmacKey: CryptoSeam['importHmacKey'] = (secret, hash: HashName) => {
  const bytes = new Uint8Array(secret)
  let imported: Promise<CryptoKey> | undefined
  const key: WebHmacKey = {
    hash,
    ready: undefined,
    cryptoKey: () =>
      (imported ??= crypto.subtle
        .importKey('raw', bytes, { name: 'HMAC', hash }, false, ['sign'])
        .then((k) => (key.ready = k))),
  }
  return key
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/**
 * The bytes to sign, copied only when needed: Web Crypto copies its input when called, so one part
 * over an ordinary `ArrayBuffer` (the body, most senders) goes as it is. The tag test works across
 * realms (edge-runtime), where `instanceof ArrayBuffer` does not.
 */
function signable(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const only = parts.length === 1 ? parts[0] : undefined
  return only !== undefined &&
    Object.prototype.toString.call(only.buffer) === '[object ArrayBuffer]'
    ? (only as Uint8Array<ArrayBuffer>)
    : concat(parts)
}

const toBytes = (buffer: ArrayBuffer): Uint8Array => new Uint8Array(buffer)

// Not async: each await would add a tick to every verification.
export const hmac: CryptoSeam['hmac'] = (key, parts) => {
  const k = key as WebHmacKey
  const data = signable(parts)
  const signed =
    k.ready !== undefined
      ? crypto.subtle.sign('HMAC', k.ready, data)
      : k.cryptoKey().then((cryptoKey) => crypto.subtle.sign('HMAC', cryptoKey, data))
  return signed.then(toBytes)
}

/** Which side of the seam this is (tests assert it). */
export const implementation = 'web'

export const sha256: CryptoSeam['sha256'] = async (data) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', concat([data])))

const IMPORT: Record<PublicKeyAlgorithm, EcKeyImportParams | Algorithm> = {
  'P-256': { name: 'ECDSA', namedCurve: 'P-256' },
  'P-384': { name: 'ECDSA', namedCurve: 'P-384' },
  'P-521': { name: 'ECDSA', namedCurve: 'P-521' },
  Ed25519: { name: 'Ed25519' },
}
/** Hash per curve (FIPS 186-5 pairs them so); Ed25519 hashes internally. */
const SIGN: Record<PublicKeyAlgorithm, EcdsaParams | Algorithm> = {
  'P-256': { name: 'ECDSA', hash: 'SHA-256' },
  'P-384': { name: 'ECDSA', hash: 'SHA-384' },
  'P-521': { name: 'ECDSA', hash: 'SHA-512' },
  Ed25519: { name: 'Ed25519' },
}

interface WebPublicKey extends PublicKey {
  readonly cryptoKey: () => Promise<CryptoKey>
}

export const importPublicKey: CryptoSeam['importPublicKey'] = (spki, algorithm) => {
  const bytes = new Uint8Array(spki)
  let imported: Promise<CryptoKey> | undefined
  const key: WebPublicKey = {
    algorithm,
    // The SPKI was validated above the seam; the async import happens once, on first use.
    cryptoKey: () =>
      (imported ??= crypto.subtle.importKey('spki', bytes, IMPORT[algorithm], false, ['verify'])),
  }
  return key
}

export const verifySignature: CryptoSeam['verifySignature'] = async (
  key,
  signature,
  parts,
  encoding,
) => {
  const { algorithm, cryptoKey } = key as WebPublicKey
  try {
    let p1363: Uint8Array | undefined = signature
    if (algorithm !== 'Ed25519') {
      // Web Crypto takes only r || s at the curve's width.
      const size = CURVE_SIZES[algorithm]
      if (encoding === 'der') p1363 = derToP1363(signature, size)
      else if (signature.length !== 2 * size) p1363 = undefined
      if (p1363 === undefined) return false
    }
    const data = concat(parts)
    return await crypto.subtle.verify(
      SIGN[algorithm],
      await cryptoKey(),
      new Uint8Array(p1363),
      data,
    )
  } catch {
    return false
  }
}

export const signWithPrivateKey: CryptoSeam['signWithPrivateKey'] = async (
  input,
  algorithm,
  parts,
) => {
  const params = IMPORT[algorithm]
  const key =
    'native' in input
      ? (input.native as CryptoKey)
      : 'pkcs8' in input
        ? await crypto.subtle.importKey('pkcs8', new Uint8Array(input.pkcs8), params, false, [
            'sign',
          ])
        : await crypto.subtle.importKey('jwk', input.jwk as JsonWebKey, params, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign(SIGN[algorithm], key, concat(parts)))
}

/** PSS salts are as long as the digest; Web Crypto needs the length spelled out. */
const SALT_LENGTHS: Record<RsaHash, number> = { 'SHA-256': 32, 'SHA-512': 64 }

function rsaAlgorithm(params: RsaParams): RsaHashedImportParams {
  return {
    name: params.padding === 'pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5',
    hash: params.hash,
  }
}

function rsaSignParams(params: RsaParams): RsaPssParams | Algorithm {
  return params.padding === 'pss'
    ? { name: 'RSA-PSS', saltLength: SALT_LENGTHS[params.hash] }
    : { name: 'RSASSA-PKCS1-v1_5' }
}

interface WebRsaPublicKey extends RsaPublicKey {
  readonly cryptoKey: () => Promise<CryptoKey>
  readonly sign: RsaPssParams | Algorithm
}

export const importRsaPublicKey: CryptoSeam['importRsaPublicKey'] = (spki, params) => {
  const bytes = new Uint8Array(spki)
  let imported: Promise<CryptoKey> | undefined
  const key: WebRsaPublicKey = {
    params,
    sign: rsaSignParams(params),
    // Validated above the seam; imported once, on first use.
    cryptoKey: () =>
      (imported ??= crypto.subtle.importKey('spki', bytes, rsaAlgorithm(params), false, [
        'verify',
      ])),
  }
  return key
}

export const verifyRsa: CryptoSeam['verifyRsa'] = async (key, signature, parts) => {
  const { cryptoKey, sign } = key as WebRsaPublicKey
  try {
    return await crypto.subtle.verify(
      sign,
      await cryptoKey(),
      new Uint8Array(signature),
      concat(parts),
    )
  } catch {
    return false
  }
}

export const signRsa: CryptoSeam['signRsa'] = async (input, params, parts) => {
  const algorithm = rsaAlgorithm(params)
  const key =
    'native' in input
      ? (input.native as CryptoKey)
      : 'pkcs8' in input
        ? await crypto.subtle.importKey('pkcs8', new Uint8Array(input.pkcs8), algorithm, false, [
            'sign',
          ])
        : await crypto.subtle.importKey('jwk', input.jwk as JsonWebKey, algorithm, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign(rsaSignParams(params), key, concat(parts)))
}
