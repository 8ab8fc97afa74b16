import { createHmac } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { replayStoreCases } from '../testing/index.js'
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

describe('memoryReplayStore: replayStoreCases', () => {
  const store = memoryReplayStore()
  for (const { name, run } of replayStoreCases(() => store)) it(name, run)
})

describe('memoryReplayStore', () => {
  it('never drops a live entry to make room: full means fail closed', async () => {
    let now = 1_000_000
    const store = memoryReplayStore({ maxEntries: 2, clock: () => now })
    await store.reserve('a', 't', 1000)
    await store.reserve('b', 't', 1000)
    await store.commit('b', 't', 5000)
    await expect(store.reserve('c', 't', 1000)).rejects.toThrow(/full/)
    // The claim and the processed entry are both still there.
    expect(await store.reserve('a', 'u', 1000)).toBe('in-flight')
    expect(await store.reserve('b', 'u', 1000)).toBe('processed')
    now += 1000 // the claim on 'a' lapses and makes room
    expect(await store.reserve('c', 't', 1000)).toBe('reserved')
    expect(await store.reserve('b', 'u', 1000)).toBe('processed')
  })

  it('forgets each entry at its own expiry, whatever the order they were written in', async () => {
    let now = 0
    const store = memoryReplayStore({ clock: () => now })
    for (const [key, ttl] of [
      ['long', 900],
      ['short', 100],
      ['mid', 500],
    ] as const) {
      await store.reserve(key, 't', 10)
      await store.commit(key, 't', ttl)
    }
    now = 100
    expect(await store.reserve('short', 'u', 10)).toBe('reserved')
    expect(await store.reserve('mid', 'u', 10)).toBe('processed')
    now = 500
    expect(await store.reserve('mid', 'u', 10)).toBe('reserved')
    expect(await store.reserve('long', 'u', 10)).toBe('processed')
  })

  it('a full store answers 503 with Retry-After through the verifier', async () => {
    const verifier = createVerifier(check, { replay: memoryReplayStore({ maxEntries: 1 }) })
    const first = await verifier.receive(signed('{"n":1}'))
    expect(first.ok).toBe(true)
    const second = await verifier.receive(signed('{"n":2}'))
    expect(second.ok ? 200 : second.rejection.status).toBe(503)
    if (!second.ok) {
      expect(second.rejection.error?.code).toBe('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE')
      expect(second.rejection.headers['retry-after']).toBe('30')
    }
  })

  it("takes the verifier's clock when given none of its own", async () => {
    let now = Date.UTC(2026, 0, 1)
    const stripe = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: SECRET,
      format: { pairs: 'v1' },
      timestamp: { param: 't' },
      content: '{timestamp}.{body}',
    })
    const verifier = createVerifier(stripe, { replay: memoryReplayStore(), clock: () => now })
    const t = String(now / 1000)
    const request = {
      headers: {
        'x-sig': `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.{}`).digest('hex')}`,
      },
      body: '{}',
    }
    expect((await verifier.verify(request)).ok).toBe(true)
    expect((await verifier.verify(request)).ok).toBe(false)
    // Forgotten once the timestamp is out of tolerance (300 s) plus the skew allowance (60 s),
    // on the verifier's clock: the replay then fails on its timestamp instead.
    now += 361_000
    const late = await verifier.verify(request)
    expect(late.ok ? 'accepted' : late.error.code).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })

  it('rejects a non-positive maxEntries and unknown options', () => {
    expect(() => memoryReplayStore({ maxEntries: 0 })).toThrow(WebhookConfigError)
    expect(() => memoryReplayStore({ maxEntrys: 5 } as never)).toThrow(
      "memoryReplayStore: unknown option 'maxEntrys'; did you mean 'maxEntries'?",
    )
  })
})

describe('verifier with a replay store', () => {
  it('verify: a commit that fails answers 503 and is not retried behind the caller, so the retry is processed', async () => {
    const inner = memoryReplayStore()
    let failCommit = true
    const flaky: ReplayStore = {
      ...inner,
      async commit(key, token, ttl) {
        if (failCommit) {
          failCommit = false
          throw new Error('store went away')
        }
        return inner.commit(key, token, ttl)
      },
    }
    const verifier = createVerifier(check, { replay: flaky, inFlightTtl: 100 })
    const first = await verifier.verify(signed('{"n":"commit"}'))
    expect(first.ok ? 'ok' : first.error.code).toBe('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE')
    // Past the lapse of the claim and past the first background retry (0.25 s) a retrying
    // settle would have made: the sender's retry must be processed, not called a replay.
    await new Promise((resolve) => setTimeout(resolve, 400))
    const retry = await verifier.verify(signed('{"n":"commit"}'))
    expect(retry.ok ? 'ok' : retry.error.code).toBe('ok')
  })

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

  it('keeps the claim renewed until a slow commit is written: a copy meanwhile is in flight, not run again', async () => {
    vi.useFakeTimers()
    try {
      const inner = memoryReplayStore()
      let land = () => {}
      const landed = new Promise<void>((resolve) => (land = resolve))
      const store: ReplayStore = {
        reserve: (key, token, ttl) => inner.reserve(key, token, ttl),
        renew: (key, token, ttl) => inner.renew(key, token, ttl),
        commit: async (key, token, ttl) => landed.then(() => inner.commit(key, token, ttl)),
        release: (key, token) => inner.release(key, token),
      }
      const verifier = createVerifier(check, { replay: store, inFlightTtl: 300 })
      const first = await verifier.receive(signed('slow commit'))
      if (!first.ok) throw new Error('first delivery rejected')
      const settling = first.settle(204)
      await vi.advanceTimersByTimeAsync(1000) // the commit is still on its way: 3 × inFlightTtl
      const copy = await verifier.receive(signed('slow commit'))
      expect(copy.ok ? 200 : copy.rejection.status).toBe(409)
      land()
      expect(await settling).toBeUndefined()
      const after = await verifier.receive(signed('slow commit'))
      expect(after.ok ? 'claimed' : after.rejection.body).toBe('{"duplicate":true}')
    } finally {
      vi.useRealTimers()
    }
  })

  it('gives every claim its own token, across deliveries, retries of one key and verifiers', async () => {
    const inner = memoryReplayStore()
    const tokens: string[] = []
    const store: ReplayStore = {
      reserve: (key, token, ttl) => (tokens.push(token), inner.reserve(key, token, ttl)),
      renew: (key, token, ttl) => inner.renew(key, token, ttl),
      commit: (key, token, ttl) => inner.commit(key, token, ttl),
      release: (key, token) => inner.release(key, token),
    }
    const verifiers = [
      createVerifier(check, { replay: store }),
      createVerifier(check, { replay: store }),
    ]
    for (let n = 0; n < 50; n++) {
      for (const verifier of verifiers) {
        const reception = await verifier.receive(signed(`{"n":${n}}`))
        if (reception.ok) await reception.settle(500) // released: the next claim takes the key again
      }
    }
    expect(tokens).toHaveLength(100)
    expect(new Set(tokens).size).toBe(100)
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{24}[0-9a-z]+$/)
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
      renew: () => Promise.reject(new Error('ECONNREFUSED')),
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
