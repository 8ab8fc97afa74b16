/**
 * The crypto seam on `node:crypto`: `createHmac` is about 10x faster than Web Crypto's async
 * `subtle.sign` on Node, where most webhooks are received.
 */
import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  KeyObject,
  sign,
  verify,
  type JsonWebKey,
  type SignKeyObjectInput,
  type VerifyKeyObjectInput,
  type webcrypto,
} from 'node:crypto'
import * as nodeCrypto from 'node:crypto'
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

// One-shot `crypto.hash` (Node 20.12+) skips the Hash object `createHash` builds; the replay key
// of every signed delivery is a SHA-256 of its content.
const oneShotHash = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash

export const sha256: CryptoSeam['sha256'] =
  oneShotHash !== undefined
    ? (data) => oneShotHash('sha256', data, 'buffer')
    : (data) => createHash('sha256').update(data).digest()

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
  const only = parts.length === 1 ? parts[0] : undefined
  return only ?? Buffer.concat(parts)
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

/** Digest names and PSS salt lengths (the digest's length, as Web Crypto callers must give it). */
const RSA_HASHES: Record<RsaHash, { readonly name: string; readonly saltLength: number }> = {
  'SHA-256': { name: 'sha256', saltLength: 32 },
  'SHA-512': { name: 'sha512', saltLength: 64 },
}

interface NodeRsaPublicKey extends RsaPublicKey {
  readonly hash: string
  // Built once, so a verification allocates nothing for it.
  readonly options: VerifyKeyObjectInput
}

function rsaOptions(key: KeyObject, params: RsaParams): VerifyKeyObjectInput {
  return params.padding === 'pss'
    ? {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: RSA_HASHES[params.hash].saltLength,
      }
    : { key, padding: constants.RSA_PKCS1_PADDING }
}

export const importRsaPublicKey: CryptoSeam['importRsaPublicKey'] = (spki, params) => {
  const key = createPublicKey({
    key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength),
    format: 'der',
    type: 'spki',
  })
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError('expected an RSA public key')
  const prepared: NodeRsaPublicKey = {
    params,
    hash: RSA_HASHES[params.hash].name,
    options: rsaOptions(key, params),
  }
  return prepared
}

export const verifyRsa: CryptoSeam['verifyRsa'] = (key, signature, parts) => {
  const k = key as NodeRsaPublicKey
  try {
    return verify(k.hash, concat(parts), k.options, signature)
  } catch {
    // A signature of the wrong length or out of range makes OpenSSL throw: "no match".
    return false
  }
}

export const signRsa: CryptoSeam['signRsa'] = async (input, params, parts) => {
  const key =
    'pkcs8' in input
      ? createPrivateKey({ key: Buffer.from(input.pkcs8), format: 'der', type: 'pkcs8' })
      : 'jwk' in input
        ? createPrivateKey({ key: input.jwk as JsonWebKey, format: 'jwk' })
        : input.native instanceof KeyObject
          ? input.native
          : KeyObject.from(input.native as webcrypto.CryptoKey)
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') {
    throw new TypeError('expected an RSA private key')
  }
  return new Uint8Array(
    sign(
      RSA_HASHES[params.hash].name,
      concat(parts),
      rsaOptions(key, params) as SignKeyObjectInput,
    ),
  )
}
