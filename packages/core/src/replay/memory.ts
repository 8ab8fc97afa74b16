/**
 * The embedded replay store: one process, bounded, expiring.
 */
import { WebhookConfigError } from '../errors.js'
import { checkOptions, type OptionNames } from '../lib/options.js'
import type { ReplayStore } from './store.js'

export interface MemoryReplayStoreOptions {
  /** Most keys kept; the least recently written are dropped first. Default 10,000. */
  maxEntries?: number
  /** ms since the epoch; default `Date.now` (inject the verifier's clock in tests). */
  clock?: () => number
}

const OPTION_NAMES: OptionNames<MemoryReplayStoreOptions> = { maxEntries: true, clock: true }

interface Entry {
  token: string | undefined // undefined once processed
  expires: number
}

/**
 * A bounded in-memory `ReplayStore` for a single instance. For several instances behind a load
 * balancer use a shared store such as `@hookwarden/redis`.
 *
 * @example
 * const verifier = createVerifier(presets.github({ secret }), { replay: memoryReplayStore() })
 */
export function memoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  checkOptions(options, OPTION_NAMES, 'memoryReplayStore')
  const maxEntries = options.maxEntries ?? 10_000
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new WebhookConfigError('memoryReplayStore: maxEntries must be a positive integer')
  }
  const clock = options.clock ?? Date.now
  // A Map iterates in insertion order: re-inserting on write makes the first key the oldest.
  const entries = new Map<string, Entry>()

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key)
    if (entry && entry.expires <= clock()) {
      entries.delete(key)
      return undefined
    }
    return entry
  }
  const write = (key: string, entry: Entry) => {
    entries.delete(key)
    entries.set(key, entry)
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
  }

  return {
    async reserve(key, token, ttlMs) {
      const entry = live(key)
      if (entry) return entry.token === undefined ? 'processed' : 'in-flight'
      write(key, { token, expires: clock() + ttlMs })
      return 'reserved'
    },
    async commit(key, token, ttlMs) {
      // timing: public (reservation tokens are made here and never come from a request)
      if (live(key)?.token === token) write(key, { token: undefined, expires: clock() + ttlMs })
    },
    async release(key, token) {
      // timing: public (as above)
      if (live(key)?.token === token) entries.delete(key)
    },
  }
}
