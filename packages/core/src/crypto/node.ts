/**
 * The crypto seam on `node:crypto`: `createHmac` is about 10x faster than Web Crypto's async
 * `subtle.sign` on Node, where most webhooks are received.
 */
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import type { CryptoSeam, HashName, HmacKey } from './types.js'

interface NodeHmacKey extends HmacKey {
  readonly algorithm: string
  readonly key: KeyObject
}

export const importHmacKey: CryptoSeam['importHmacKey'] = (secret, hash: HashName) => {
  const key: NodeHmacKey = {
    hash,
    algorithm: hash === 'SHA-1' ? 'sha1' : 'sha256',
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
