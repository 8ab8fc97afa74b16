/**
 * Constant-time matching of presented credentials (passwords, API keys) against configured ones.
 * Both sides are hashed first so neither the length nor the content of a secret shows in timing.
 */
import { sha256 } from '#crypto'
import { isActive, type KeyEntry } from '../secrets.js'
import { timingSafeEqual } from './timing-safe-equal.js'

export interface CredentialMatcher {
  /** The entry `presented` equals, among those active at `now`, or `undefined`. */
  match(presented: Uint8Array, now: number): Promise<KeyEntry<Uint8Array> | undefined>
}

export function createCredentialMatcher(
  entries: readonly KeyEntry<Uint8Array>[],
): CredentialMatcher {
  let digests: Promise<{ entry: KeyEntry<Uint8Array>; digest: Uint8Array }[]> | undefined
  return {
    async match(presented, now) {
      digests ??= Promise.all(
        entries.map(async (entry) => ({ entry, digest: await sha256(entry.key) })),
      )
      const [expected, actual] = await Promise.all([digests, sha256(presented)])
      let found: KeyEntry<Uint8Array> | undefined
      // Compare against every entry, so timing does not tell which one matched.
      for (const { entry, digest } of expected) {
        if (timingSafeEqual(actual, digest) && isActive(entry, now)) found ??= entry
      }
      return found
    },
  }
}
