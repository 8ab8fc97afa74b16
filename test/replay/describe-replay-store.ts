/**
 * The `ReplayStore` contract as one suite, run against every store (memory, Redis) so they cannot
 * drift apart. Expiry is observed by polling with a bounded wait, never by timing thresholds.
 */
import type { ReplayStore } from '@hookwarden/core'
import { describe, expect, it } from 'vitest'
import { waitUntil } from '../helpers/local-server.js'

const HOUR = 3_600_000
const SHORT = 40 // ms: a TTL the tests wait out
const MEDIUM = 500 // ms: long enough that the next call surely lands inside it

/** Registers the contract tests; `makeStore` is called once per test. */
export function describeReplayStore(name: string, makeStore: () => ReplayStore): void {
  describe(`${name}: ReplayStore contract`, () => {
    it('reserves once, reports in-flight while reserved, processed after commit', async () => {
      const store = makeStore()
      expect(await store.reserve('k', 't1', HOUR)).toBe('reserved')
      expect(await store.reserve('k', 't2', HOUR)).toBe('in-flight')
      await store.commit('k', 't1', HOUR)
      expect(await store.reserve('k', 't3', HOUR)).toBe('processed')
      expect(await store.reserve('k', 't1', HOUR)).toBe('processed')
    })

    it('release by the owner frees the key for the retry', async () => {
      const store = makeStore()
      await store.reserve('k', 'mine', HOUR)
      await store.release('k', 'mine')
      expect(await store.reserve('k', 'retry', HOUR)).toBe('reserved')
      await store.commit('k', 'retry', HOUR)
      expect(await store.reserve('k', 'again', HOUR)).toBe('processed')
    })

    it("a stranger's commit or release does nothing", async () => {
      const store = makeStore()
      await store.reserve('k', 'mine', HOUR)
      await store.release('k', 'stranger')
      await store.commit('k', 'stranger', HOUR)
      expect(await store.reserve('k', 'x', HOUR)).toBe('in-flight')
      await store.commit('k', 'mine', HOUR)
      expect(await store.reserve('k', 'x', HOUR)).toBe('processed')
    })

    it('a processed delivery is not undone by a late release, not even by its owner', async () => {
      const store = makeStore()
      await store.reserve('k', 'mine', HOUR)
      await store.commit('k', 'mine', HOUR)
      await store.release('k', 'mine')
      await store.release('k', 'stranger')
      expect(await store.reserve('k', 'x', HOUR)).toBe('processed')
    })

    it('settling a key never reserved does nothing', async () => {
      const store = makeStore()
      await store.commit('k', 't', HOUR)
      await store.release('k', 't')
      expect(await store.reserve('k', 't', HOUR)).toBe('reserved')
    })

    it('keys are independent', async () => {
      const store = makeStore()
      expect(await store.reserve('a', 't', HOUR)).toBe('reserved')
      expect(await store.reserve('b', 't', HOUR)).toBe('reserved')
      await store.commit('a', 't', HOUR)
      expect(await store.reserve('b', 'u', HOUR)).toBe('in-flight')
    })

    it('a token equal to any marker value is still only a reservation', async () => {
      const store = makeStore()
      for (const token of ['', 'p', 'done', '1', 'r:', 'OK', 'processed']) {
        const key = `marker-${token}`
        expect(await store.reserve(key, token, HOUR)).toBe('reserved')
        expect(await store.reserve(key, 'other', HOUR)).toBe('in-flight')
      }
    })

    it('long, binary-looking and near-identical keys stay distinct', async () => {
      const store = makeStore()
      const long = 'stripe:id:' + 'x'.repeat(100_000)
      const keys = [long, long + 'y', 'a:id:{tag}\r\n\0 ✓', 'a:id:{tag}\r\n\0 ✗', '']
      for (const key of keys) expect(await store.reserve(key, 't', HOUR)).toBe('reserved')
      for (const key of keys) expect(await store.reserve(key, 'u', HOUR)).toBe('in-flight')
    })

    it('an unsettled reservation lapses after its TTL and the delivery can be reserved again', async () => {
      const store = makeStore()
      await store.reserve('k', 'crashed', SHORT)
      await waitUntil(async () => (await store.reserve('k', 'retry', HOUR)) === 'reserved')
      // The lapsed owner can no longer settle the new owner's claim.
      await store.commit('k', 'crashed', HOUR)
      await store.release('k', 'crashed')
      expect(await store.reserve('k', 'x', HOUR)).toBe('in-flight')
    })

    it('a processed delivery is forgotten after the commit TTL', async () => {
      const store = makeStore()
      await store.reserve('k', 't', HOUR)
      await store.commit('k', 't', SHORT)
      await waitUntil(async () => (await store.reserve('k', 'u', HOUR)) === 'reserved')
    })

    it('commit replaces the in-flight TTL with the processed TTL', async () => {
      const store = makeStore()
      await store.reserve('k', 't', MEDIUM)
      await store.commit('k', 't', HOUR)
      // A witness reserved after the commit with the same TTL lapses after k's claim would have.
      await store.reserve('witness', 't', MEDIUM)
      await waitUntil(async () => (await store.reserve('witness', 'u', HOUR)) === 'reserved')
      expect(await store.reserve('k', 'u', HOUR)).toBe('processed')
    })
  })
}
