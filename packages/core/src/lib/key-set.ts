/**
 * The public keys an asymmetric check tries: a static list (PEM, DER, JWK, JWKS, with rotation
 * windows) imported once at construction, or a remote JWKS imported once per fetched key.
 */
import { importPublicKey } from '#crypto'
import type { PublicKey, PublicKeyAlgorithm } from '../crypto/types.js'
import { WebhookConfigError, type VerificationErrorCode } from '../errors.js'
import { toKeyEntries, type KeyEntry, type SecretEntry } from '../secrets.js'
import {
  EC_CURVES,
  fromJwk,
  isJwk,
  isJwkSet,
  parsePublicKey,
  type Jwk,
  type JwkSet,
  type KeyKind,
  type ParsedPublicKey,
} from './public-key.js'
import {
  jwksUrl,
  KeySetUnavailable,
  remoteJwks,
  resolvedJwks,
  type KeyResolver,
  type RemoteJwks,
  type RemoteJwksOptions,
} from './remote-jwks.js'

/**
 * One public key: PEM, Base64 DER SPKI, raw bytes, a JWK (its `kid` becomes the key id), or on
 * Node a public `KeyObject`.
 */
export type PublicKeyInput =
  string | Uint8Array | Jwk | { readonly asymmetricKeyType?: string | undefined }

/** One key, a JWKS, or several (rotation); each entry may carry `id`, `notBefore`, `notAfter`. */
export type PublicKeys =
  | PublicKeyInput
  | JwkSet
  | SecretEntry<PublicKeyInput>
  | readonly (PublicKeyInput | JwkSet | SecretEntry<PublicKeyInput>)[]

export type KeySelection = readonly KeyEntry<PublicKey>[] | VerificationErrorCode

export interface KeySet {
  /** Algorithms the configured keys use (all those `kind` allows, for a remote set). */
  readonly algorithms: ReadonlySet<PublicKeyAlgorithm>
  /** Static keys as configured, against which a matched key is current or previous. */
  readonly entries?: readonly KeyEntry<PublicKey>[]
  /** The keys to try for a request naming `kid` (or none). */
  select(kid: string | undefined): KeySelection | Promise<KeySelection>
  /** The id to sign with in tests: the first key's. */
  readonly signingKeyId: string | undefined
}

function importKey(parsed: ParsedPublicKey, what: string): PublicKey {
  try {
    return importPublicKey(parsed.spki, parsed.algorithm)
  } catch {
    throw new WebhookConfigError(`${what}: the runtime rejected the ${parsed.algorithm} public key`)
  }
}

type Accept = (algorithm: PublicKeyAlgorithm) => string | undefined

/**
 * Static keys, parsed and imported now. `accept` returns an error message for an algorithm the
 * check cannot use (a P-384 key for a `curve: 'P-256'` check).
 */
export function staticKeySet(
  input: PublicKeys | undefined,
  kind: KeyKind,
  what: string,
  accept: Accept,
): KeySet & { readonly entries: readonly KeyEntry<PublicKey>[] } {
  // A JWKS expands into one entry per usable key; its other keys (RSA, encryption) are skipped.
  const list: (PublicKeyInput | SecretEntry<PublicKeyInput>)[] = []
  for (const item of Array.isArray(input) ? input : input === undefined ? [] : [input]) {
    if (!isJwkSet(item)) {
      list.push(item as PublicKeyInput | SecretEntry<PublicKeyInput>)
      continue
    }
    const usable = item.keys.filter((jwk) => tryJwk(jwk, kind, what, accept) !== undefined)
    if (usable.length === 0)
      throw new WebhookConfigError(`${what}: the JWKS has no usable ${kind} verification key`)
    for (const jwk of usable)
      list.push({ value: jwk, id: typeof jwk.kid === 'string' ? jwk.kid : undefined })
  }
  const algorithms = new Set<PublicKeyAlgorithm>()
  const entries = toKeyEntries<PublicKeyInput, PublicKey>(list, `${what} keys`, (value) => {
    const parsed = parsePublicKey(value, kind, what)
    const problem = accept(parsed.algorithm)
    if (problem !== undefined) throw new WebhookConfigError(`${what}: ${problem}`)
    algorithms.add(parsed.algorithm)
    return importKey(parsed, what)
  }).map((entry, i) => {
    // A bare JWK's kid is its id, as it would be inside a JWKS.
    const value = list[i]
    const raw =
      typeof value === 'object' && value !== null && 'value' in value ? value.value : value
    if (!isJwk(raw)) return entry
    const id = entry.id ?? (typeof raw.kid === 'string' ? raw.kid : undefined)
    return {
      ...entry,
      id,
      notAfter: Math.min(entry.notAfter, expiry(raw)),
    }
  })
  return {
    algorithms,
    entries,
    signingKeyId: entries[0]?.id,
    // With a kid, try the keys carrying it and the keys without an id; without one, every key.
    select: (kid) =>
      kid === undefined ? entries : entries.filter((e) => e.id === undefined || e.id === kid),
  }
}

function tryJwk(
  jwk: Jwk,
  kind: KeyKind,
  what: string,
  accept: Accept,
): ParsedPublicKey | undefined {
  try {
    const parsed = fromJwk(jwk, kind, what)
    return accept(parsed.algorithm) === undefined ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Plaid's keys carry `expired_at` (unix seconds, or null while valid): honour it as `notAfter`. */
function expiry(jwk: Jwk): number {
  return typeof jwk['expired_at'] === 'number' ? jwk['expired_at'] * 1000 : Infinity
}

/** Most keys kept from remote sets: fetched material is bounded too. */
const MAX_REMOTE_KEYS = 32

/** Keys fetched by `kid` (a JWKS URL or a resolver): each is parsed and imported once. */
function remoteKeySet(
  remote: RemoteJwks,
  kind: KeyKind,
  what: string,
  accept: Accept,
  algorithms: ReadonlySet<PublicKeyAlgorithm>,
): KeySet {
  // Keyed by content, since jose hands out a fresh copy of the set on each read.
  const imported = new Map<string, KeyEntry<PublicKey> | null>()
  const prepare = (jwk: Jwk, kid: string): KeyEntry<PublicKey> | null => {
    const cacheKey = JSON.stringify([
      kid,
      jwk.kty,
      jwk.crv,
      jwk.x,
      jwk.y,
      jwk.use,
      jwk.alg,
      jwk.key_ops,
      'd' in jwk,
    ])
    let entry = imported.get(cacheKey)
    if (entry === undefined) {
      const parsed = tryJwk(jwk, kind, what, accept)
      let key: PublicKey | undefined
      try {
        key = parsed && importPublicKey(parsed.spki, parsed.algorithm)
      } catch {
        key = undefined
      }
      entry = key
        ? { key, id: kid, position: '0', notBefore: -Infinity, notAfter: expiry(jwk) }
        : null
      if (imported.size >= MAX_REMOTE_KEYS) imported.clear()
      imported.set(cacheKey, entry)
    }
    return entry
  }
  return {
    algorithms,
    signingKeyId: undefined,
    async select(kid) {
      // Without a kid there is nothing to look up: a remote set is never tried key by key.
      if (kid === undefined || kid === '') return 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
      try {
        const found = await remote.find(kid)
        return found
          .map((jwk) => prepare(jwk, kid))
          .filter((e): e is KeyEntry<PublicKey> => e !== null)
      } catch (error) {
        if (error instanceof KeySetUnavailable) return 'ERR_WEBHOOK_KEY_UNAVAILABLE'
        throw error
      }
    },
  }
}

/** Where a check's keys come from: static `keys` (or a resolver) or a `jwksUrl`, exactly one. */
export interface KeySourceOptions {
  keys?: PublicKeys | KeyResolver | undefined
  jwksUrl?: string | URL | undefined
  jwksCache?: RemoteJwksOptions | undefined
}

/**
 * The key set for `options`. A remote set needs a `kid` from each request (`hasKeyId`), and may
 * hold any of `remoteAlgorithms` that `accept` allows.
 */
export function createKeySet(
  options: KeySourceOptions,
  kind: KeyKind,
  what: string,
  accept: Accept,
  hasKeyId: boolean,
  remoteAlgorithms: readonly PublicKeyAlgorithm[] = kind === 'ecdsa' ? EC_CURVES : ['Ed25519'],
): KeySet {
  if ((options.keys === undefined) === (options.jwksUrl === undefined)) {
    throw new WebhookConfigError(`${what}: give either keys or jwksUrl`)
  }
  const keys = options.keys
  if (keys !== undefined && typeof keys !== 'function')
    return staticKeySet(keys, kind, what, accept)
  if (!hasKeyId) {
    throw new WebhookConfigError(
      `${what}: ${keys ? 'a key resolver' : 'jwksUrl'} needs keyId, the place the request names its key`,
    )
  }
  const remote =
    typeof keys === 'function'
      ? resolvedJwks(keys, options.jwksCache, what)
      : remoteJwks(
          jwksUrl(options.jwksUrl, what, options.jwksCache?.allowLoopbackHttp),
          options.jwksCache,
          what,
        )
  const algorithms = new Set(remoteAlgorithms.filter((a) => accept(a) === undefined))
  return remoteKeySet(remote, kind, what, accept, algorithms)
}
