/**
 * `redisReplayStore`: the replay store shared by every instance of a receiver, on ioredis or
 * node-redis.
 */
import * as nodeCrypto from 'node:crypto'
import { WebhookConfigError, type ReplayStore, type ReserveOutcome } from '@hookwarden/core'
import {
  type Script,
  COMMIT_SCRIPT,
  OUTCOME_PROCESSED,
  OUTCOME_RESERVED,
  PROCESSED,
  RELEASE_SCRIPT,
  RENEW_SCRIPT,
  RESERVE_SCRIPT,
  RESERVED,
} from './lib/scripts.js'
import { withTimeout } from './lib/with-timeout.js'

/**
 * An ioredis `Redis` or `Cluster` (v5 or v6) as it is. Structural, so the store pins no ioredis major.
 */
export interface IoRedisReplayClient {
  /** ioredis connection state; commands are sent only while it is `'ready'` (or `'wait'`, lazy connect). */
  readonly status?: string
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>
  /** Used when present: the script by its SHA-1, falling back to `eval` on `NOSCRIPT`. */
  evalsha?(sha1: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>
}

/**
 * A node-redis client or cluster (`redis` v4, v5 or v6: `createClient()`, `createCluster()`), not in
 * v4's `legacyMode`. Structural, so the store pins no `redis` major.
 */
export interface NodeRedisReplayClient {
  /** Connected (v4 clusters have only this). */
  readonly isOpen: boolean
  /** Connected and ready for commands; checked before each call where the client has it. */
  readonly isReady?: boolean
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
  /** Used when present: the script by its SHA-1, falling back to `eval` on `NOSCRIPT`. */
  evalSha?(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

/** The clients the store takes: the commands it sends are `EVALSHA` and, on `NOSCRIPT`, `EVAL`. */
export type RedisReplayClient = IoRedisReplayClient | NodeRedisReplayClient

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

/** Runs one script on one key: the one call that differs between the two client libraries. */
type Evaluate = (script: Script, key: string, args: Array<string | number>) => Promise<unknown>

// Connection states in which ioredis sends a command at once ('wait': lazyConnect, connects now).
const SENDABLE = new Set(['ready', 'wait'])

// example prelude: declare const logger: { warn(error: unknown): void }
/**
 * A `ReplayStore` in Redis, so a delivery is processed once across every instance sharing it.
 * Every call is one Lua script on one key, so one round trip (sent as `EVALSHA`; the first call of
 * each script on a server that has not cached it takes a second, `EVAL`): `reserve` does
 * `SET key r:<token> PX <ttl> NX` and, when the key is taken, answers from its value whether it is
 * processed or in flight; `renew`, `commit` and `release` act only while the key still holds the
 * caller's token. Keys are `prefix` + SHA-256 of the core's key, because delivery ids are chosen by
 * the sender and may be long or hold any character. Works with ioredis and node-redis clients
 * (told apart once, here), single nodes and clusters alike: no script touches two keys.
 *
 * Unreachable Redis fails fast: every call settles within `timeoutMs`, and nothing is sent while
 * the client is reconnecting, so no stale command waits in the client's offline queue to reserve a
 * key long after its request was answered. The client reconnects by itself and the store keeps
 * no state between calls, so service resumes as soon as Redis is back. For ioredis create the
 * client with `{ maxRetriesPerRequest: 1, enableOfflineQueue: false }` (see the README).
 *
 * Errors: bad options throw `WebhookConfigError` (`ERR_WEBHOOK_CONFIG_INVALID`); an unreachable
 * Redis makes the store throw, which the verifier answers with `ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE`
 * (503), unless `failOpen`.
 * @see https://redis.io/docs/latest/commands/set/ (SET … PX … NX)
 * @see https://redis.io/docs/latest/develop/use/patterns/distributed-locks/ (release only your own token)
 *
 * @example
 * const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', {
 *   maxRetriesPerRequest: 1,
 *   enableOfflineQueue: false,
 * })
 * redis.on('error', (error) => logger.warn(error)) // else ioredis prints "Unhandled error event"
 * const github = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * const verifier = createVerifier(github, { replay: redisReplayStore(redis) })
 */
export function redisReplayStore(
  client: RedisReplayClient,
  options: RedisReplayStoreOptions = {},
): ReplayStore {
  if (typeof client?.eval !== 'function') {
    throw new WebhookConfigError(
      'redisReplayStore: pass an ioredis client (new Redis(url)) or a connected node-redis client (createClient())',
    )
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

  const { evaluate, connected } = adapt(client)
  const redisKey = (key: string) => prefix + sha256Base64Url(key)

  /**
   * Runs `script` within the deadline; on failure rejects, or with `failOpen` answers `fallback`.
   * Plain promise chaining, no `async` layers: it runs twice per delivery.
   */
  const call = (
    script: Script,
    key: string,
    args: Array<string | number>,
    fallback: unknown,
  ): Promise<unknown> => {
    let sent: Promise<unknown>
    try {
      if (!connected()) throw new Error('redis replay store: not connected')
      sent = withTimeout(evaluate(script, redisKey(key), args), timeoutMs)
    } catch (error) {
      sent = Promise.reject(error)
    }
    return failOpen ? sent.then(undefined, (error: unknown) => (onError?.(error), fallback)) : sent
  }

  return {
    reserve(key, token, ttlMs) {
      const args = [RESERVED + token, toPx(ttlMs), PROCESSED]
      return call(RESERVE_SCRIPT, key, args, OUTCOME_RESERVED).then(toOutcome)
    },
    renew(key, token, ttlMs) {
      return call(RENEW_SCRIPT, key, [RESERVED + token, toPx(ttlMs)], 1).then(
        (renewed) => Number(renewed) === 1,
      )
    },
    commit(key, token, ttlMs) {
      const args = [RESERVED + token, PROCESSED, toPx(ttlMs)]
      return call(COMMIT_SCRIPT, key, args, null).then(nothing)
    },
    release(key, token) {
      return call(RELEASE_SCRIPT, key, [RESERVED + token], null).then(nothing)
    },
  }
}

const nothing = (): void => undefined

function toOutcome(reply: unknown): ReserveOutcome {
  const outcome = Number(reply)
  if (outcome === OUTCOME_RESERVED) return 'reserved'
  return outcome === OUTCOME_PROCESSED ? 'processed' : 'in-flight'
}

// One-shot `crypto.hash` (Node 20.12+) skips the Hash object `createHash` builds; same digest.
const oneShotHash = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash

/** The Redis key's hash part: base64url SHA-256 of the key's UTF-8, as every release wrote it. */
function sha256Base64Url(key: string): string {
  return oneShotHash !== undefined
    ? oneShotHash('sha256', key, 'base64url')
    : nodeCrypto.createHash('sha256').update(key).digest('base64url')
}

/**
 * Tells the two client libraries apart once, by a property only node-redis has (`isOpen`), and
 * returns how to run a script and whether a command may be sent now.
 */
function adapt(client: RedisReplayClient): { evaluate: Evaluate; connected: () => boolean } {
  if (typeof (client as Partial<NodeRedisReplayClient>).isOpen === 'boolean') {
    const nodeRedis = client as NodeRedisReplayClient
    // node-redis takes every argument as a string.
    const options = (key: string, args: Array<string | number>) => ({
      keys: [key],
      arguments: args.map(String),
    })
    const byBody: Evaluate = (script, key, args) => nodeRedis.eval(script.body, options(key, args))
    const evalSha = nodeRedis.evalSha
    return {
      evaluate:
        typeof evalSha === 'function'
          ? bySha(
              (script, key, args) => evalSha.call(nodeRedis, script.sha1, options(key, args)),
              byBody,
            )
          : byBody,
      connected: () => nodeRedis.isReady ?? nodeRedis.isOpen,
    }
  }
  const ioredis = client as IoRedisReplayClient
  const byBody: Evaluate = (script, key, args) => ioredis.eval(script.body, 1, key, ...args)
  const evalsha = ioredis.evalsha
  return {
    evaluate:
      typeof evalsha === 'function'
        ? bySha((script, key, args) => evalsha.call(ioredis, script.sha1, 1, key, ...args), byBody)
        : byBody,
    connected: () => ioredis.status === undefined || SENDABLE.has(ioredis.status),
  }
}

/**
 * `EVALSHA`, so a call sends the script's 40-character SHA-1 instead of its body; when the server
 * does not hold the script (`NOSCRIPT`: first use, restart, failover, `SCRIPT FLUSH`), it ran
 * nothing, so sending the body with `EVAL` (which also caches it) is safe.
 */
function bySha(evalSha: Evaluate, evalBody: Evaluate): Evaluate {
  return (script, key, args) =>
    evalSha(script, key, args).then(undefined, (error: unknown) => {
      if (!isNoScript(error)) throw error
      return evalBody(script, key, args)
    })
}

/** Redis's reply when a script is not in its cache (both clients keep the reply as the message). */
function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT')
}

/** `PX` takes a positive integer. */
function toPx(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs))
}
