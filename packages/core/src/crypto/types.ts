/**
 * The crypto seam: the only primitives that differ between runtimes. Everything that parses or
 * decides sits above it, so the Node and Web Crypto twins cannot drift apart.
 */

export type HashName = 'SHA-256' | 'SHA-1'

/** A secret prepared once at construction; opaque outside its implementation. */
export interface HmacKey {
  readonly hash: HashName
}

export interface CryptoSeam {
  /** Prepares a key for repeated use; never called per request. */
  importHmacKey(secret: Uint8Array, hash: HashName): HmacKey
  /** MAC over the concatenation of `parts` (passed separately so Node can skip the copy). */
  hmac(key: HmacKey, parts: readonly Uint8Array[]): Uint8Array | Promise<Uint8Array>
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>
  readonly implementation: 'node' | 'web'
}
