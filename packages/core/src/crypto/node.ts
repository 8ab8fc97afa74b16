/**
 * The crypto seam on `node:crypto`: `createHmac` is about 10x faster than Web Crypto's async
 * `subtle.sign` on Node, where most webhooks are received.
 */
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  KeyObject,
  sign,
  verify,
  type JsonWebKey,
  type VerifyKeyObjectInput,
  type webcrypto,
} from 'node:crypto'
import type { CryptoSeam, HashName, HmacKey, PublicKey, PublicKeyAlgorithm } from './types.js'

interface NodeHmacKey extends HmacKey {
  readonly algorithm: string
  readonly key: KeyObject
}

export const importHmacKey: CryptoSeam['importHmacKey'] = (secret, hash: HashName) => {
  const key: NodeHmacKey = {
    hash,
    algorithm: hash === 'SHA-1' ? 'sha1' : hash === 'SHA-512' ? 'sha512' : 'sha256',
    key: createSecretKey(secret),
  }
  return key
}

export const hmac: CryptoSeam['hmac'] = (key, parts) => {
  const { algorithm, key: secret } = key as NodeHmacKey
  const mac = createHmac(algorithm, secret)
  for (const part of parts) mac.update(part)
  return mac.digest()
}

/** Which side of the seam this is (tests assert it). */
export const implementation = 'node'

export const sha256: CryptoSeam['sha256'] = (data) => createHash('sha256').update(data).digest()

/** Hash per curve (FIPS 186-5 pairs them so); Ed25519 hashes internally. */
const HASHES: Record<PublicKeyAlgorithm, string | null> = {
  'P-256': 'sha256',
  'P-384': 'sha384',
  'P-521': 'sha512',
  Ed25519: null,
}
const CURVES: Record<PublicKeyAlgorithm, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
  Ed25519: '',
}

interface NodePublicKey extends PublicKey {
  readonly hash: string | null
  // Option objects built once, so a verification allocates nothing for them.
  readonly der: KeyObject | VerifyKeyObjectInput
  readonly p1363: KeyObject | VerifyKeyObjectInput
}

function checkKind(
  key: KeyObject,
  algorithm: PublicKeyAlgorithm,
  type: 'public' | 'private',
): KeyObject {
  const ed = algorithm === 'Ed25519'
  if (
    key.type !== type ||
    key.asymmetricKeyType !== (ed ? 'ed25519' : 'ec') ||
    (!ed && key.asymmetricKeyDetails?.namedCurve !== CURVES[algorithm])
  ) {
    throw new TypeError(`expected an ${algorithm} ${type} key`)
  }
  return key
}

export const importPublicKey: CryptoSeam['importPublicKey'] = (spki, algorithm) => {
  const der = Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength)
  const key = checkKind(
    createPublicKey({ key: der, format: 'der', type: 'spki' }),
    algorithm,
    'public',
  )
  const ed = algorithm === 'Ed25519'
  const prepared: NodePublicKey = {
    algorithm,
    hash: HASHES[algorithm],
    der: ed ? key : { key, dsaEncoding: 'der' },
    p1363: ed ? key : { key, dsaEncoding: 'ieee-p1363' },
  }
  return prepared
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
}

export const verifySignature: CryptoSeam['verifySignature'] = (key, signature, parts, encoding) => {
  const k = key as NodePublicKey
  try {
    return verify(k.hash, concat(parts), encoding === 'der' ? k.der : k.p1363, signature)
  } catch {
    // Malformed signatures make OpenSSL throw: that is "no match", never an error.
    return false
  }
}

export const signWithPrivateKey: CryptoSeam['signWithPrivateKey'] = async (
  input,
  algorithm,
  parts,
) => {
  const key = checkKind(
    'pkcs8' in input
      ? createPrivateKey({ key: Buffer.from(input.pkcs8), format: 'der', type: 'pkcs8' })
      : 'jwk' in input
        ? createPrivateKey({ key: input.jwk as JsonWebKey, format: 'jwk' })
        : input.native instanceof KeyObject
          ? input.native
          : KeyObject.from(input.native as webcrypto.CryptoKey),
    algorithm,
    'private',
  )
  const options = algorithm === 'Ed25519' ? key : { key, dsaEncoding: 'ieee-p1363' as const }
  return new Uint8Array(sign(HASHES[algorithm], concat(parts), options))
}
