/**
 * `replayStoreCases`: the behaviour every `ReplayStore` must have, as named async cases that run
 * under any test runner (they throw on failure), against a real store.
 */
import type { ReplayStore } from '../replay/store.js'

/** One named case; `run` rejects with an `Error` saying what the store did wrong. */
export interface ReplayStoreCase {
  readonly name: string
  run(): Promise<void>
}

/**
 * Returns a store client. Every call must reach the same shared state (for a shared store, a new
 * client to the same server; for an in-process store, the same instance): the concurrency case
 * races several clients.
 */
export type MakeReplayStore = () => ReplayStore | Promise<ReplayStore>

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function equal<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected)
    throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`)
}

let counter = 0
/** A key no other case (or earlier run against the same server) has used. */
function freshKey(label: string): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
  return `replay-store-case:${label}:${random}:${counter++}`
}

// example prelude: import { it } from 'vitest'
// declare const myStore: ReplayStore
/**
 * The cases a `ReplayStore` must pass: reserve/commit/release touching only the caller's claim,
 * renewal, TTL expiry of claims and of processed entries, and concurrent reservations from
 * several clients of which exactly one wins. TTL cases wait a few hundred ms of real time.
 *
 * @example
 * import { replayStoreCases } from '@hookwarden/core/testing'
 * for (const { name, run } of replayStoreCases(() => myStore)) it(name, run)
 */
export function replayStoreCases(makeStore: MakeReplayStore): readonly ReplayStoreCase[] {
  const LONG = 60_000
  return [
    {
      name: 'reserve claims a key once; a second reserve sees it in flight',
      async run() {
        const store = await makeStore()
        const key = freshKey('reserve')
        equal(await store.reserve(key, 'a', LONG), 'reserved', 'first reserve')
        equal(await store.reserve(key, 'b', LONG), 'in-flight', 'second reserve')
      },
    },
    {
      name: 'commit by the owner makes the key processed',
      async run() {
        const store = await makeStore()
        const key = freshKey('commit')
        await store.reserve(key, 'owner', LONG)
        await store.commit(key, 'owner', LONG)
        equal(await store.reserve(key, 'next', LONG), 'processed', 'reserve after commit')
      },
    },
    {
      name: 'release by the owner frees the key for the retry',
      async run() {
        const store = await makeStore()
        const key = freshKey('release')
        await store.reserve(key, 'owner', LONG)
        await store.release(key, 'owner')
        equal(await store.reserve(key, 'retry', LONG), 'reserved', 'reserve after release')
      },
    },
    {
      name: "commit, release and renew by another token leave the owner's claim alone",
      async run() {
        const store = await makeStore()
        const key = freshKey('stranger')
        await store.reserve(key, 'owner', LONG)
        await store.commit(key, 'stranger', LONG)
        await store.release(key, 'stranger')
        equal(await store.renew(key, 'stranger', LONG), false, 'renew by a stranger')
        equal(await store.reserve(key, 'x', LONG), 'in-flight', 'reserve after strangers')
        equal(await store.renew(key, 'owner', LONG), true, 'renew by the owner')
        await store.commit(key, 'owner', LONG)
        await store.release(key, 'owner') // too late: a processed key is never released
        equal(await store.reserve(key, 'y', LONG), 'processed', 'after commit then release')
      },
    },
    {
      name: 'a claim lapses after its TTL unless renewed',
      async run() {
        const store = await makeStore()
        const lapsing = freshKey('lapse')
        const renewed = freshKey('renew')
        await store.reserve(lapsing, 'a', 300)
        await store.reserve(renewed, 'b', 300)
        await sleep(150)
        equal(await store.renew(renewed, 'b', 600), true, 'renew in time')
        await sleep(300)
        equal(await store.reserve(lapsing, 'c', LONG), 'reserved', 'reserve after the claim lapsed')
        equal(await store.reserve(renewed, 'd', LONG), 'in-flight', 'renewed claim still held')
        equal(await store.renew(lapsing, 'a', LONG), false, 'renew of a lapsed claim')
      },
    },
    {
      name: 'a processed key is forgotten after its TTL',
      async run() {
        const store = await makeStore()
        const key = freshKey('processed-ttl')
        await store.reserve(key, 'a', LONG)
        await store.commit(key, 'a', 300)
        equal(await store.reserve(key, 'b', LONG), 'processed', 'within the TTL')
        await sleep(450)
        equal(await store.reserve(key, 'c', LONG), 'reserved', 'after the TTL')
      },
    },
    {
      name: 'concurrent reservations from several clients: exactly one wins',
      async run() {
        const clients = await Promise.all(Array.from({ length: 4 }, () => makeStore()))
        const key = freshKey('race')
        const outcomes = await Promise.all(
          Array.from({ length: 24 }, (_, i) => {
            const client = clients[i % clients.length] as ReplayStore
            return client.reserve(key, `token-${i}`, LONG)
          }),
        )
        equal(outcomes.filter((o) => o === 'reserved').length, 1, 'winners')
        equal(outcomes.filter((o) => o === 'in-flight').length, 23, 'in-flight answers')
      },
    },
    {
      name: 'keys are independent, whatever their length or characters',
      async run() {
        const store = await makeStore()
        const long = freshKey('long') + 'k'.repeat(600)
        const unicode = freshKey('unicode') + ':ü😀\u0000'
        equal(await store.reserve(long, 'a', LONG), 'reserved', 'long key')
        equal(await store.reserve(unicode, 'a', LONG), 'reserved', 'unicode key')
        await store.commit(long, 'a', LONG)
        equal(await store.reserve(unicode, 'b', LONG), 'in-flight', 'the other key untouched')
      },
    },
  ]
}
