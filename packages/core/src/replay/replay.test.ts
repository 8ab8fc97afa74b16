import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createVerifier,
  hmac,
  memoryReplayStore,
  type ReplayStore,
  WebhookConfigError,
  apiKey,
} from '../index.js'

const SECRET = 'replay-secret'
const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: SECRET })
const signed = (body: string) => ({
  headers: { 'x-sig': createHmac('sha256', SECRET).update(body).digest('hex') },
  body,
})

describe('memoryReplayStore', () => {
  it('reserves once, reports in-flight, then processed after commit', async () => {
    const store = memoryReplayStore()
    expect(await store.reserve('k', 't1', 1000)).toBe('reserved')
    expect(await store.reserve('k', 't2', 1000)).toBe('in-flight')
    await store.commit('k', 't1', 1000)
    expect(await store.reserve('k', 't3', 1000)).toBe('processed')
  })

  it('release frees the key for a retry; a stranger cannot release or commit it', async () => {
    const store = memoryReplayStore()
    await store.reserve('k', 'mine', 1000)
    await store.release('k', 'other')
    await store.commit('k', 'other', 1000)
    expect(await store.reserve('k', 'x', 1000)).toBe('in-flight')
    await store.release('k', 'mine')
    expect(await store.reserve('k', 'retry', 1000)).toBe('reserved')
  })

  it('expires entries after their TTL', async () => {
    let now = 1_000_000
    const store = memoryReplayStore({ clock: () => now })
    await store.reserve('k', 't', 100)
    await store.commit('k', 't', 500)
    now += 499
    expect(await store.reserve('k', 'u', 100)).toBe('processed')
    now += 1
    expect(await store.reserve('k', 'u', 100)).toBe('reserved')
  })

  it('stays within maxEntries, dropping the oldest first', async () => {
    const store = memoryReplayStore({ maxEntries: 2 })
    for (const k of ['a', 'b', 'c']) await store.reserve(k, 't', 1000)
    expect(await store.reserve('a', 'u', 1000)).toBe('reserved')
    expect(await store.reserve('c', 'u', 1000)).toBe('in-flight')
  })

  it('rejects a non-positive maxEntries', () => {
    expect(() => memoryReplayStore({ maxEntries: 0 })).toThrow(WebhookConfigError)
  })
})

describe('verifier with a replay store', () => {
  it('verify: the second verification of the same delivery is ERR_WEBHOOK_REPLAYED', async () => {
    const verifier = createVerifier(check, { replay: memoryReplayStore() })
    const first = await verifier.verify(signed('{"n":1}'))
    const second = await verifier.verify(signed('{"n":1}'))
    expect(first.ok).toBe(true)
    expect(second.ok).toBe(false)
    if (!second.ok) expect(second.error.code).toBe('ERR_WEBHOOK_REPLAYED')
    expect((await verifier.verify(signed('{"n":2}'))).ok).toBe(true)
  })

  it('a failed verification consumes nothing', async () => {
    const verifier = createVerifier(check, { replay: memoryReplayStore() })
    const bad = { ...signed('{"n":1}'), body: '{"n":9}' }
    expect((await verifier.verify(bad)).ok).toBe(false)
    expect((await verifier.verify(signed('{"n":1}'))).ok).toBe(true)
  })

  it('receive: in-flight duplicate gets 409 with Retry-After; release lets the retry through', async () => {
    const verifier = createVerifier(check, { replay: memoryReplayStore() })
    const first = await verifier.receive(signed('{"n":1}'))
    expect(first.ok).toBe(true)
    const during = await verifier.receive(signed('{"n":1}'))
    expect(during.ok).toBe(false)
    if (!during.ok) {
      expect(during.rejection.status).toBe(409)
      expect(during.rejection.headers['retry-after']).toBeDefined()
      expect(JSON.parse(during.rejection.body)).toEqual({ error: 'ERR_WEBHOOK_REPLAYED' })
    }
    if (first.ok) await first.settle(500)
    const retry = await verifier.receive(signed('{"n":1}'))
    expect(retry.ok).toBe(true)
    if (retry.ok) await retry.settle(204)
    const after = await verifier.receive(signed('{"n":1}'))
    expect(after.ok).toBe(false)
    if (!after.ok) {
      expect(after.rejection.status).toBe(200)
      expect(JSON.parse(after.rejection.body)).toEqual({ duplicate: true })
    }
  })

  it("duplicates: 'reject' answers 409 for a processed delivery", async () => {
    const verifier = createVerifier(check, { replay: memoryReplayStore(), duplicates: 'reject' })
    await verifier.verify(signed('x'))
    const again = await verifier.receive(signed('x'))
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.rejection.status).toBe(409)
  })

  it('an unreachable store fails closed with 503', async () => {
    const down: ReplayStore = {
      reserve: () => Promise.reject(new Error('ECONNREFUSED')),
      commit: () => Promise.reject(new Error('ECONNREFUSED')),
      release: () => Promise.reject(new Error('ECONNREFUSED')),
    }
    const verifier = createVerifier(check, { replay: down })
    const result = await verifier.verify(signed('x'))
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE')
      expect(result.error.status).toBe(503)
    }
  })

  it('credentials-only checks cannot be replay-protected: a config error, answered 500 by receive', async () => {
    const verifier = createVerifier(apiKey({ header: 'x-key', keys: 'k1' }), {
      replay: memoryReplayStore(),
    })
    const request = { headers: { 'x-key': 'k1' }, body: '' }
    await expect(verifier.verify(request)).rejects.toBeInstanceOf(WebhookConfigError)
    const received = await verifier.receive(request)
    expect(received.ok).toBe(false)
    if (!received.ok) expect(received.rejection.status).toBe(500)
  })

  it('rejects a replayTtl shorter than the tolerance window', () => {
    expect(() =>
      createVerifier(check, { replay: memoryReplayStore(), tolerance: 600, replayTtl: '10m' }),
    ).toThrow(WebhookConfigError)
  })
})
