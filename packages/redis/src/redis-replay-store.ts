/**
 * `redisReplayStore`: the replay store shared by every instance of a receiver, on ioredis.
 */
import { createHash } from 'node:crypto'
import { WebhookConfigError, type ReplayStore, type ReserveOutcome } from '@hookwarden/core'
import { COMMIT_SCRIPT, PROCESSED, RELEASE_SCRIPT, RENEW_SCRIPT, RESERVED } from './lib/scripts.js'
import { withTimeout } from './lib/with-timeout.js'

/**
 * The few commands the store sends. An ioredis `Redis` or `Cluster` (v5 or v6) fits as it is; the
 * type is structural so the store does not pin one ioredis major.
 */
export interface RedisReplayClient {
  /** ioredis connection state; commands are sent only while it is `'ready'` (or `'wait'`, lazy connect). */
  readonly status?: string
  set(
    key: string,
    value: string,
    mode: 'PX',
    ttlMs: number,
    condition: 'NX',
  ): Promise<string | null>
  get(key: string): Promise<string | null>
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>
}

export interface RedisReplayStoreOptions {
  /** Put before every key. Default `'hookwarden:replay:'`. */
  prefix?: string
  /**
   * When Redis is unreachable, `reserve` answers `'reserved'` and `commit`/`release` do nothing,
   * instead of throwing (which the verifier answers with 503). This trades replay protection for
   * availability: during an outage every delivery is accepted, replays included. Default `false`.
   */
  failOpen?: boolean
  /** Longest a store call may take before it counts as unreachable (ms). Default 1000. */
  timeoutMs?: number
  /** Told about every error that `failOpen` swallows, e.g. to log or count them. */
  onError?: (error: unknown) => void
}

// Connection states in which ioredis sends a command at once ('wait': lazyConnect, connects now).
const SENDABLE = new Set(['ready', 'wait'])

/**
 * A `ReplayStore` in Redis, so a delivery is processed once across every instance sharing it.
 * `reserve` is `SET key r:<token> PX <ttl> NX`; `commit` and `release` are Lua scripts that act
 * only while the key still holds the caller's token. Keys are `prefix` + SHA-256 of the core's
 * key, because delivery ids are chosen by the sender and may be long or hold any character.
 *
 * Unreachable Redis fails fast: every call settles within `timeoutMs`, and nothing is sent while
 * the client is reconnecting, so no stale command waits in ioredis' offline queue to reserve a
 * key long after its request was answered. The client reconnects by itself and the store keeps
 * no state between calls, so service resumes as soon as Redis is back. Create the client with
 * `{ maxRetriesPerRequest: 1, enableOfflineQueue: false }` (see the README).
 *
 * Errors: bad options throw `WebhookConfigError` (`ERR_WEBHOOK_CONFIG_INVALID`); an unreachable
 * Redis makes the store throw, which the verifier answers with `ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE`
 * (503), unless `failOpen`.
 * @see https://redis.io/docs/latest/commands/set/ (SET … PX … NX)
 * @see https://redis.io/docs/latest/develop/use/patterns/distributed-locks/ (release only your own token)
 *
 * @example
 * const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
 * const verifier = createVerifier(presets.github({ secret }), { replay: redisReplayStore(redis) })
 */
export function redisReplayStore(
  client: RedisReplayClient,
  options: RedisReplayStoreOptions = {},
): ReplayStore {
  if (
    typeof client?.set !== 'function' ||
    typeof client.get !== 'function' ||
    typeof client.eval !== 'function'
  ) {
    throw new WebhookConfigError('redisReplayStore: pass an ioredis client (new Redis(url))')
  }
  const prefix = options.prefix ?? 'hookwarden:replay:'
  if (typeof prefix !== 'string')
    throw new WebhookConfigError('redisReplayStore: prefix must be a string')
  const timeoutMs = options.timeoutMs ?? 1000
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new WebhookConfigError('redisReplayStore: timeoutMs must be a positive number')
  }
  const failOpen = options.failOpen ?? false
  const onError = options.onError

  const redisKey = (key: string) => prefix + createHash('sha256').update(key).digest('base64url')

  /** Runs `operation` within the deadline; on failure throws, or with `failOpen` answers `fallback`. */
  const call = async <T>(operation: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      if (client.status !== undefined && !SENDABLE.has(client.status)) {
        throw new Error('redis replay store: not connected')
      }
      return await withTimeout(operation(), timeoutMs)
    } catch (error) {
      if (!failOpen) throw error
      onError?.(error)
      return fallback
    }
  }

  return {
    reserve(key, token, ttlMs) {
      const k = redisKey(key)
      const value = RESERVED + token
      const px = toPx(ttlMs)
      return call(async (): Promise<ReserveOutcome> => {
        for (let attempt = 0; attempt < 2; attempt++) {
          if ((await client.set(k, value, 'PX', px, 'NX')) === 'OK') return 'reserved'
          const current = await client.get(k)
          if (current === PROCESSED) return 'processed'
          if (current !== null) return 'in-flight'
          // Gone between SET and GET: the claim lapsed or was released, so the delivery is free
          // again. Try once more rather than make the sender wait out a 409.
        }
        // Vanished twice in a row (a flapping claim): 'in-flight' is safe, the sender retries.
        return 'in-flight'
      }, 'reserved')
    },
    async renew(key, token, ttlMs) {
      const renewed = await call(
        () => client.eval(RENEW_SCRIPT, 1, redisKey(key), RESERVED + token, toPx(ttlMs)),
        1,
      )
      return renewed === 1
    },
    async commit(key, token, ttlMs) {
      await call(
        () =>
          client.eval(COMMIT_SCRIPT, 1, redisKey(key), RESERVED + token, PROCESSED, toPx(ttlMs)),
        null,
      )
    },
    async release(key, token) {
      await call(() => client.eval(RELEASE_SCRIPT, 1, redisKey(key), RESERVED + token), null)
    },
  }
}

/** `PX` takes a positive integer. */
function toPx(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs))
}
