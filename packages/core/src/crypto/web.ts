/**
 * The crypto seam on Web Crypto, for workers, Deno, Bun and browsers. Keys are imported once, on
 * first use (some runtimes forbid async work at module load), and cached.
 */
import type { CryptoSeam, HashName, HmacKey } from './types.js'

interface WebHmacKey extends HmacKey {
  readonly cryptoKey: () => Promise<CryptoKey>
}

export const importHmacKey: CryptoSeam['importHmacKey'] = (secret, hash: HashName) => {
  const bytes = new Uint8Array(secret)
  let imported: Promise<CryptoKey> | undefined
  const key: WebHmacKey = {
    hash,
    cryptoKey: () =>
      (imported ??= crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash }, false, ['sign'])),
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

export const hmac: CryptoSeam['hmac'] = async (key, parts) => {
  const cryptoKey = await (key as WebHmacKey).cryptoKey()
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, concat(parts)))
}

/** Which side of the seam this is (tests assert it). */
export const implementation = 'web'

export const sha256: CryptoSeam['sha256'] = async (data) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', concat([data])))
