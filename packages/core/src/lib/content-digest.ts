/**
 * Replay identity for asymmetric signatures, from what was signed rather than from the signature.
 */
import { sha256 } from '#crypto'
import { encodeHex } from './encoding.js'

const joined = new WeakMap<readonly Uint8Array[], Uint8Array>()

/**
 * The signed content as one array, made once per request: the verification and the replay digest
 * share it (on Node, a single part also spares `crypto.verify` its own copy).
 */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  const only = parts.length === 1 ? parts[0] : undefined
  if (only !== undefined) return only
  let all = joined.get(parts)
  if (all === undefined) {
    let length = 0
    for (const part of parts) length += part.length
    all = new Uint8Array(length)
    let offset = 0
    for (const part of parts) {
      all.set(part, offset)
      offset += part.length
    }
    joined.set(parts, all)
  }
  return all
}

/**
 * Hex SHA-256 of the signed content. ECDSA signatures are malleable ((r, s) and (r, n - s) both
 * verify) and re-encodable (DER <-> P1363, Base64 <-> Base64url), so an attacker holding one
 * delivery could mint fresh "signatures" for it; keyed on the signature, each would pass the
 * replay store. The signed bytes cannot change without failing verification.
 */
export function contentDigest(parts: readonly Uint8Array[]): string | Promise<string> {
  const digest = sha256(joinParts(parts))
  // Synchronous on Node: no promise to build on the hot path.
  return digest instanceof Uint8Array ? encodeHex(digest) : digest.then(encodeHex)
}

/**
 * Index of the first item `test` accepts, or -1; stays synchronous while `test` is (node:crypto),
 * so a verification costs no extra promise there.
 */
export function firstMatch<T>(
  items: readonly T[],
  test: (item: T) => boolean | Promise<boolean>,
): number | Promise<number> {
  let i = 0
  for (const item of items) {
    const result = test(item)
    if (typeof result !== 'boolean') return finish(items, test, i, result)
    if (result) return i
    i++
  }
  return -1
}

async function finish<T>(
  items: readonly T[],
  test: (item: T) => boolean | Promise<boolean>,
  from: number,
  pending: Promise<boolean>,
): Promise<number> {
  if (await pending) return from
  for (const [i, item] of items.entries()) if (i > from && (await test(item))) return i
  return -1
}
