/**
 * The stores the fault suite runs against (the real ones), and a wrapper that makes any of their
 * calls fail or lag on demand while the store underneath stays real.
 */
import { afterAll, beforeAll } from 'vitest'
import { memoryReplayStore, type ReplayStore } from '@hookwarden/core'
import { redisReplayStore } from '@hookwarden/redis'
import { connectRedis, disconnectAll } from '../helpers/redis-client.js'
import { describeWithServer } from '../helpers/local-server.js'
import {
  hasRedisServer,
  REDIS_SERVER,
  startRedisServer,
  type RedisServer,
} from '../helpers/redis-server.js'

export type StoreCall = 'reserve' | 'renew' | 'commit' | 'release'

/**
 * `down`: the call throws without reaching the store. `slow`: the call reaches the store `ms`
 * later (a request stuck in transit), so its effect lands late. Either for the next `times` calls.
 */
export type Fault =
  | { readonly mode: 'down'; readonly times: number }
  | {
      readonly mode: 'slow'
      readonly ms: number
      readonly times: number
    }

export interface FaultyStore extends ReplayStore {
  /** Arms a fault on one kind of call; replaces any fault armed there before. */
  inject(call: StoreCall, fault: Fault): void
  /** How many calls of each kind were made, faulty ones included. */
  readonly calls: Readonly<Record<StoreCall, number>>
  /** The calls whose armed fault has not struck yet (a test that armed one expects none). */
  unused(): StoreCall[]
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Wraps `store` so faults can be switched on at run time. */
export function faulty(store: ReplayStore): FaultyStore {
  const armed = new Map<StoreCall, { fault: Fault; left: number }>()
  const calls: Record<StoreCall, number> = { reserve: 0, renew: 0, commit: 0, release: 0 }
  const through = async <T>(call: StoreCall, run: () => Promise<T>): Promise<T> => {
    calls[call]++
    const current = armed.get(call)
    if (current !== undefined && current.left > 0) {
      current.left--
      if (current.fault.mode === 'down') throw new Error(`injected: store down at ${call}`)
      await sleep(current.fault.ms)
    }
    return run()
  }
  return {
    calls,
    unused: () => [...armed].filter(([, { left }]) => left > 0).map(([call]) => call),
    inject(call, fault) {
      armed.set(call, { fault, left: fault.times })
    },
    reserve: (key, token, ttl) => through('reserve', () => store.reserve(key, token, ttl)),
    renew: (key, token, ttl) => through('renew', () => store.renew(key, token, ttl)),
    commit: (key, token, ttl) => through('commit', () => store.commit(key, token, ttl)),
    release: (key, token) => through('release', () => store.release(key, token)),
  }
}

export interface StoreKind {
  readonly name: 'memory' | 'redis'
  /** False when redis-server is missing (the suite then skips, or fails under CI). */
  readonly available: boolean
  /** A fresh store (memory) or a view of the shared one (redis): deliveries never share ids. */
  make(): ReplayStore
}

/**
 * The store table. Call from a `describe` body: registers the hooks that start and stop a real
 * `redis-server` for the file.
 */
export function storeKinds(): readonly StoreKind[] {
  let server: RedisServer | undefined
  let make: (() => ReplayStore) | undefined
  beforeAll(async () => {
    if (!hasRedisServer) return
    server = await startRedisServer()
    const client = await connectRedis(server.url)
    make = () => redisReplayStore(client)
  })
  afterAll(async () => {
    disconnectAll()
    await server?.dispose()
  })
  return [
    { name: 'memory', available: true, make: () => memoryReplayStore() },
    {
      name: 'redis',
      available: hasRedisServer,
      make() {
        if (make === undefined) throw new Error('redis-server did not start')
        return make()
      },
    },
  ]
}

/**
 * `describe` for one store: a store that is not available skips with the install hint, except
 * under CI, where a missing redis-server fails (as the other Redis tests do).
 */
export function describeStore(kind: StoreKind, body: () => void): void {
  describeWithServer({ ...REDIS_SERVER, available: kind.available }, `${kind.name} store`, body)
}
