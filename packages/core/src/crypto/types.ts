/**
 * The crypto seam: the only primitives that differ between runtimes. Everything that parses or
 * decides sits above it, so the Node and Web Crypto twins cannot drift apart.
 */

export type HashName = 'SHA-256' | 'SHA-512' | 'SHA-1'

/** A secret prepared once at construction; opaque outside its implementation. */
export interface HmacKey {
  readonly hash: HashName
}

export interface CryptoSeam extends AsymmetricSeam, RsaSeam {
  /** Prepares a key for repeated use; never called per request. */
  importHmacKey(secret: Uint8Array, hash: HashName): HmacKey
  /** MAC over the concatenation of `parts` (passed separately so Node can skip the copy). */
  hmac(key: HmacKey, parts: readonly Uint8Array[]): Uint8Array | Promise<Uint8Array>
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>
  readonly implementation: 'node' | 'web'
}

/** An asymmetric signature algorithm: ECDSA on a NIST curve (hash SHA-256/384/512 by curve) or Ed25519. */
export type PublicKeyAlgorithm = 'P-256' | 'P-384' | 'P-521' | 'Ed25519'

/** How an ECDSA signature is laid out: DER `SEQUENCE { r, s }` or IEEE P1363 `r || s` (ignored for Ed25519). */
export type DsaEncoding = 'der' | 'p1363'

/** A public key imported once; opaque outside its implementation. */
export interface PublicKey {
  readonly algorithm: PublicKeyAlgorithm
}

/** A private key for signing in tests, already told apart above the seam. */
export type PrivateKeyInput =
  | { readonly pkcs8: Uint8Array }
  | { readonly jwk: Readonly<Record<string, unknown>> }
  /** A `KeyObject` (Node) or a `CryptoKey`, used as is. */
  | { readonly native: object }

export interface AsymmetricSeam {
  /**
   * Prepares a validated, canonical SPKI (see `lib/public-key.ts`) for repeated use; never called
   * per request. May throw on key material the runtime rejects: callers map that to a config error.
   */
  importPublicKey(spki: Uint8Array, algorithm: PublicKeyAlgorithm): PublicKey
  /** True only for a valid signature over the concatenation of `parts`; never throws. */
  verifySignature(
    key: PublicKey,
    signature: Uint8Array,
    parts: readonly Uint8Array[],
    encoding: DsaEncoding,
  ): boolean | Promise<boolean>
  /** Test tooling: a signature over `parts`, P1363 for ECDSA. Throws if the key does not fit. */
  signWithPrivateKey(
    key: PrivateKeyInput,
    algorithm: PublicKeyAlgorithm,
    parts: readonly Uint8Array[],
  ): Promise<Uint8Array>
}

/** RSA signature padding: RSASSA-PKCS1-v1_5 or RSASSA-PSS (RFC 8017 §8). */
export type RsaPadding = 'pkcs1' | 'pss'

/** The digest an RSA signature is made over (PSS also uses it for MGF1). */
export type RsaHash = 'SHA-256' | 'SHA-512'

/** What an RSA key verifies with; PSS salts are as long as the digest (RFC 8017 §9.1 default). */
export interface RsaParams {
  readonly padding: RsaPadding
  readonly hash: RsaHash
}

/** An RSA public key imported once for one padding and hash; opaque outside its implementation. */
export interface RsaPublicKey {
  readonly params: RsaParams
}

export interface RsaSeam {
  /**
   * Prepares a validated, canonical `rsaEncryption` SPKI (see `lib/rsa-key.ts`) for repeated use;
   * never called per request. May throw on key material the runtime rejects.
   */
  importRsaPublicKey(spki: Uint8Array, params: RsaParams): RsaPublicKey
  /** True only for a valid signature over the concatenation of `parts`; never throws. */
  verifyRsa(
    key: RsaPublicKey,
    signature: Uint8Array,
    parts: readonly Uint8Array[],
  ): boolean | Promise<boolean>
  /** Test tooling: an RSA signature over `parts`. Throws if the key is not an RSA private key. */
  signRsa(
    key: PrivateKeyInput,
    params: RsaParams,
    parts: readonly Uint8Array[],
  ): Promise<Uint8Array>
}
