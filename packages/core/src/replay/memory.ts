/**
 * The embedded replay store: one process, bounded, expiring, and never forgetting early.
 */
import { WebhookConfigError } from '../errors.js'
import { checkOptions, type OptionNames } from '../lib/options.js'
import { USE_CLOCK, type ReplayStore } from './store.js'

export interface MemoryReplayStoreOptions {
  /**
   * Most deliveries remembered at once, claims and processed ones together; default 1,000,000.
   * Measured (`pnpm bench`, Node 20, 75-character keys): about 150 bytes of heap per processed
   * delivery, key included, and about 210 bytes of RSS; so about 140 MiB of heap and 200 MiB of RSS
   * when full at the default. Size it to your memory limit. Nothing live is ever
   * dropped to make room: when full, `reserve` fails and the verifier answers 503 with
   * `Retry-After` (fail closed) until entries expire.
   */
  maxEntries?: number
  /** ms since the epoch; default the verifier's `clock`, else `Date.now`. */
  clock?: () => number
}

const OPTION_NAMES: OptionNames<MemoryReplayStoreOptions> = { maxEntries: true, clock: true }

/** In flight: the claimant's token and when the claim lapses. Processed entries keep only their expiry. */
interface Held {
  readonly token: string
  readonly expires: number
}

/**
 * A bounded in-memory `ReplayStore` for a single instance. Entries live exactly as long as asked:
 * a processed delivery for the verifier's retention, a claim until it lapses. For several
 * instances behind a load balancer use a shared store such as `@hookwarden/redis`.
 *
 * @example
 * const verifier = createVerifier(presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' }), {
 *   replay: memoryReplayStore(),
 * })
 */
export function memoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  checkOptions(options, OPTION_NAMES, 'memoryReplayStore')
  const maxEntries = options.maxEntries ?? 1_000_000
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new WebhookConfigError('memoryReplayStore: maxEntries must be a positive integer')
  }
  let clock = options.clock ?? Date.now
  if (typeof clock !== 'function')
    throw new WebhookConfigError('memoryReplayStore: clock must be a function')
  const explicitClock = options.clock !== undefined

  const entries = new Map<string, number | Held>()
  const expiry = expiryHeap()
  const expiresOf = (entry: number | Held) => (typeof entry === 'number' ? entry : entry.expires)

  /** Drops what has expired: amortised O(log n) per write, however entries' TTLs differ. */
  const sweep = (now: number) => {
    for (let key = expiry.popDue(now); key !== undefined; key = expiry.popDue(now)) {
      const entry = entries.get(key)
      // A renewed or committed entry left an older heap item behind: only the latest counts.
      if (entry !== undefined && expiresOf(entry) <= now) entries.delete(key)
    }
  }
  const live = (key: string, now: number) => {
    const entry = entries.get(key)
    return entry !== undefined && expiresOf(entry) > now ? entry : undefined
  }
  const write = (key: string, entry: number | Held) => {
    entries.set(key, entry)
    expiry.push(expiresOf(entry), key)
  }
  const holds = (entry: number | Held | undefined, token: string): entry is Held =>
    // timing: public (claim tokens are made by the verifier and never come from a request)
    typeof entry === 'object' && entry.token === token

  const store: ReplayStore & { [USE_CLOCK]?: (clock: () => number) => void } = {
    async reserve(key, token, ttlMs) {
      const now = clock()
      sweep(now)
      const entry = live(key, now)
      if (entry !== undefined) return typeof entry === 'number' ? 'processed' : 'in-flight'
      if (entries.size >= maxEntries && !entries.has(key)) {
        throw new Error('memoryReplayStore is full of live entries (raise maxEntries)')
      }
      write(key, { token, expires: now + ttlMs })
      return 'reserved'
    },
    async renew(key, token, ttlMs) {
      const now = clock()
      const entry = live(key, now)
      if (!holds(entry, token)) return false
      write(key, { token, expires: now + ttlMs })
      return true
    },
    async commit(key, token, ttlMs) {
      const now = clock()
      if (holds(live(key, now), token)) write(key, now + ttlMs)
    },
    async release(key, token) {
      if (holds(live(key, clock()), token)) entries.delete(key)
    },
  }
  // The verifier hands over its clock, so one injected clock drives both (tests, simulations).
  if (!explicitClock) {
    Object.defineProperty(store, USE_CLOCK, { value: (c: () => number) => (clock = c) })
  }
  return store
}

/** A binary min-heap of (expiry, key), in two flat arrays to keep the per-entry cost small. */
function expiryHeap() {
  const times: number[] = []
  const keys: string[] = []
  const swap = (i: number, j: number) => {
    ;[times[i], times[j]] = [times[j] as number, times[i] as number]
    ;[keys[i], keys[j]] = [keys[j] as string, keys[i] as string]
  }
  const at = (i: number) => times[i] ?? Infinity
  return {
    push(time: number, key: string) {
      times.push(time)
      keys.push(key)
      for (let i = times.length - 1; i > 0;) {
        const parent = (i - 1) >> 1
        if (at(parent) <= at(i)) break
        swap(i, parent)
        i = parent
      }
    },
    /** The key of the earliest item if it is due by `now`, removing it. */
    popDue(now: number): string | undefined {
      if (at(0) > now) return undefined
      const key = keys[0]
      const lastTime = times.pop() as number
      const lastKey = keys.pop() as string
      if (times.length > 0) {
        times[0] = lastTime
        keys[0] = lastKey
        for (let i = 0; ;) {
          const l = 2 * i + 1
          const r = l + 1
          let least = i
          if (at(l) < at(least)) least = l
          if (at(r) < at(least)) least = r
          if (least === i) break
          swap(i, least)
          i = least
        }
      }
      return key
    },
  }
}
