import { createHash, createHmac } from 'node:crypto'
import {
  createVerifier,
  hmac,
  WebhookConfigError,
  type ReplayStore,
  type VerifyResult,
} from '@hookwarden/core'
import type { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  connectNodeRedis,
  connectRedis,
  disconnectAll,
} from '../../../test/helpers/redis-client.js'
import {
  describeWithRedis,
  startRedisServer,
  type RedisServer,
} from '../../../test/helpers/redis-server.js'
import { waitUntil } from '../../../test/helpers/local-server.js'
import {
  redisReplayStore,
  type IoRedisReplayClient,
  type NodeRedisReplayClient,
  type RedisReplayClient,
} from './index.js'

const SECRET = 'redis-replay-secret'
const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: SECRET })
const signed = (body: string) => ({
  headers: { 'x-sig': createHmac('sha256', SECRET).update(body).digest('hex') },
  body,
})
const HOUR = 3_600_000
const BOUND = 5_000 // ms: far above timeoutMs, far below ioredis' own ~10 s retry schedule

const codeOf = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code)

/** Resolves to the promise's value, or 'unanswered' if it takes longer than `ms` (a bounded wait). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'unanswered'> {
  return Promise.race([
    promise,
    new Promise<'unanswered'>((resolve) => setTimeout(resolve, ms, 'unanswered')),
  ])
}

describe('redisReplayStore options', () => {
  const client: RedisReplayClient = { eval: async () => null }

  it('rejects something that is not a Redis client', () => {
    expect(() => redisReplayStore({} as RedisReplayClient)).toThrow(WebhookConfigError)
    expect(() => redisReplayStore({ isOpen: true } as unknown as RedisReplayClient)).toThrow(
      /ioredis client .* or a connected node-redis client/,
    )
    expect(() => redisReplayStore(undefined as unknown as RedisReplayClient)).toThrow(
      WebhookConfigError,
    )
  })

  it('rejects a non-positive or non-finite timeoutMs and a non-string prefix', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Infinity]) {
      expect(() => redisReplayStore(client, { timeoutMs })).toThrow(WebhookConfigError)
    }
    expect(() => redisReplayStore(client, { prefix: 1 as unknown as string })).toThrow(
      WebhookConfigError,
    )
  })
})

describeWithRedis('redisReplayStore on a real redis-server', () => {
  let server: RedisServer
  let a: Redis
  let b: Redis
  beforeAll(async () => {
    server = await startRedisServer()
    a = await connectRedis(server.url)
    b = await connectRedis(server.url)
  })
  afterAll(async () => {
    disconnectAll()
    await server?.dispose()
  })

  it('stores prefix + SHA-256 of the key, never the sender-controlled id, with the TTLs asked for', async () => {
    const store = redisReplayStore(a, { prefix: 'layout:' })
    const id = 'evt_' + 'A'.repeat(5000)
    await store.reserve(`stripe:id:${id}`, 'tok', 60_000)
    const keys = await a.keys('layout:*')
    expect(keys).toHaveLength(1)
    const key = keys[0]!
    expect(key).toMatch(/^layout:[A-Za-z0-9_-]{43}$/)
    expect(key).not.toContain('evt_')
    expect(await a.get(key)).toBe('r:tok')
    const reservedTtl = await a.pttl(key)
    expect(reservedTtl).toBeGreaterThan(0)
    expect(reservedTtl).toBeLessThanOrEqual(60_000)
    await store.commit(`stripe:id:${id}`, 'tok', HOUR)
    expect(await a.get(key)).toBe('p')
    expect(await a.pttl(key)).toBeGreaterThan(60_000)
  })

  it('derives the same Redis key as earlier releases: base64url SHA-256 of the UTF-8 key', async () => {
    // A changed derivation would forget every delivery already recorded, letting replays through.
    const store = redisReplayStore(a, { prefix: 'derive:' })
    for (const key of ['github:sig:00ff', 'svix:id:msg_é✓', 'x:id:\u{1F600}\uD800']) {
      await store.reserve(key, 'tok', 60_000)
      const expected = 'derive:' + createHash('sha256').update(key, 'utf8').digest('base64url')
      expect(await a.get(expected), key).toBe('r:tok')
    }
    expect(await a.keys('derive:*')).toHaveLength(3)
  })

  it("two clients share reservations; neither can settle the other one's claim", async () => {
    const first = redisReplayStore(a, { prefix: 'shared:' })
    const second = redisReplayStore(b, { prefix: 'shared:' })
    expect(await first.reserve('k', 'mine', HOUR)).toBe('reserved')
    expect(await second.reserve('k', 'theirs', HOUR)).toBe('in-flight')
    await second.commit('k', 'theirs', HOUR)
    await second.release('k', 'theirs')
    expect(await second.reserve('k', 'theirs', HOUR)).toBe('in-flight')
    await first.release('k', 'mine')
    expect(await second.reserve('k', 'theirs', HOUR)).toBe('reserved')
    await second.commit('k', 'theirs', HOUR)
    expect(await first.reserve('k', 'mine', HOUR)).toBe('processed')
  })

  it('50 concurrent verifications of one delivery through two clients: exactly one is accepted', async () => {
    const verifiers = [a, b].map((client) =>
      createVerifier(check, { replay: redisReplayStore(client, { prefix: 'race:' }) }),
    )
    const delivery = signed('{"id":"evt_race"}')
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => verifiers[i % 2]!.verify(delivery)),
    )
    const codes = results.map(codeOf)
    expect(codes.filter((code) => code === 'ok')).toHaveLength(1)
    expect(codes.filter((code) => code === 'ERR_WEBHOOK_REPLAYED')).toHaveLength(49)
  })

  it("receive across two clients: an in-flight duplicate gets 409, a failed handler's retry is processed", async () => {
    const [one, two] = [a, b].map((client) =>
      createVerifier(check, { replay: redisReplayStore(client, { prefix: 'receive:' }) }),
    )
    const delivery = signed('{"id":"evt_receive"}')
    const first = await one!.receive(delivery)
    expect(first.ok).toBe(true)
    const during = await two!.receive(delivery)
    expect(during.ok ? 200 : during.rejection.status).toBe(409)
    if (first.ok) await first.settle(500)
    const retry = await two!.receive(delivery)
    expect(retry.ok).toBe(true)
    if (retry.ok) await retry.settle(200)
    const after = await one!.receive(delivery)
    expect(after.ok).toBe(false)
    if (!after.ok) expect(after.rejection.body).toBe('{"duplicate":true}')
  })

  it('every store call is one EVALSHA (one round trip), and EVAL only when the server lacks the script', async () => {
    const nodeRedis = await connectNodeRedis(server.url)
    const sent: string[] = []
    // Pass-throughs that record each command the store sends.
    const io: IoRedisReplayClient = {
      get status() {
        return a.status
      },
      eval: (script, numKeys, ...args) => {
        sent.push('eval')
        return a.eval(script, numKeys, ...args)
      },
      evalsha: (sha1, numKeys, ...args) => {
        sent.push('evalsha')
        return a.evalsha(sha1, numKeys, ...args)
      },
    }
    const node: NodeRedisReplayClient = {
      get isOpen() {
        return nodeRedis.isOpen
      },
      get isReady() {
        return nodeRedis.isReady
      },
      eval: (script, options) => {
        sent.push('eval')
        return nodeRedis.eval(script, options)
      },
      evalSha: (sha1, options) => {
        sent.push('evalsha')
        return nodeRedis.evalSha(sha1, options)
      },
    }
    for (const [library, client] of [
      ['ioredis', io],
      ['node-redis', node],
    ] as const) {
      await a.script('FLUSH')
      const store = redisReplayStore(client, { prefix: `trips:${library}:` })
      const expectSent = async <T>(commands: string[], call: () => Promise<T>) => {
        sent.length = 0
        const value = await call()
        expect(sent, library).toEqual(commands)
        return value
      }
      // An empty script cache: NOSCRIPT, then the body, which the server caches.
      const first = ['evalsha', 'eval']
      expect(await expectSent(first, () => store.reserve('k', 'mine', HOUR))).toBe('reserved')
      expect(await expectSent(['evalsha'], () => store.reserve('k', 'theirs', HOUR))).toBe(
        'in-flight',
      )
      expect(await expectSent(first, () => store.renew('k', 'mine', HOUR))).toBe(true)
      expect(await expectSent(['evalsha'], () => store.renew('k', 'mine', HOUR))).toBe(true)
      await expectSent(first, () => store.commit('k', 'mine', HOUR))
      expect(await expectSent(['evalsha'], () => store.reserve('k', 'theirs', HOUR))).toBe(
        'processed',
      )
      await expectSent(first, () => store.release('k', 'mine'))
      await expectSent(['evalsha'], () => store.release('k', 'mine'))
      // A flushed cache (restart, failover) costs one more round trip, not a wrong answer.
      await a.script('FLUSH')
      expect(await expectSent(first, () => store.reserve('k', 'theirs', HOUR))).toBe('processed')
    }
  })

  it('a client without EVALSHA is sent EVAL, one command per call', async () => {
    const sent: string[] = []
    const store = redisReplayStore({
      get status() {
        return a.status
      },
      eval: (script: string, numKeys: number, ...args: Array<string | number>) => {
        sent.push('eval')
        return a.eval(script, numKeys, ...args)
      },
    })
    expect(await store.reserve('no-sha', 'mine', HOUR)).toBe('reserved')
    await store.commit('no-sha', 'mine', HOUR)
    expect(await store.reserve('no-sha', 'theirs', HOUR)).toBe('processed')
    expect(sent).toEqual(['eval', 'eval', 'eval'])
  })

  it('an ioredis and a node-redis instance share reservations of the same prefix', async () => {
    const nodeRedis = await connectNodeRedis(server.url, 4)
    const viaIoredis = redisReplayStore(a, { prefix: 'mixed:' })
    const viaNodeRedis = redisReplayStore(nodeRedis, { prefix: 'mixed:' })
    expect(await viaNodeRedis.reserve('k', 'node', HOUR)).toBe('reserved')
    expect(await viaIoredis.reserve('k', 'io', HOUR)).toBe('in-flight')
    await viaNodeRedis.commit('k', 'node', HOUR)
    expect(await viaIoredis.reserve('k', 'io', HOUR)).toBe('processed')
  })

  it('keys expire in Redis itself', async () => {
    const store = redisReplayStore(a, { prefix: 'expiry:' })
    await store.reserve('k', 't', HOUR)
    await store.commit('k', 't', 30)
    await waitUntil(async () => (await a.keys('expiry:*')).length === 0)
  })
})

describeWithRedis('redisReplayStore when Redis fails', () => {
  let server: RedisServer
  beforeAll(async () => {
    // Persistent, so "accepted before the outage" is still known after the restart.
    server = await startRedisServer({ persist: true })
  })
  afterEach(async () => {
    await server.start() // whatever a test did, the next one starts with Redis up
  })
  afterAll(async () => {
    disconnectAll()
    await server?.dispose()
  })

  const verifierOn = (
    client: Redis,
    prefix: string,
    options: { failOpen?: boolean; onError?: (e: unknown) => void } = {},
  ) =>
    createVerifier(check, {
      replay: redisReplayStore(client, { prefix, timeoutMs: 500, ...options }),
    })

  it('a hung Redis answers 503 within the timeout, even with ioredis default options', async () => {
    const client = await connectRedis(server.url, {}) // defaults: offline queue, 20 retries, no command timeout
    const verifier = verifierOn(client, 'hung:')
    expect(codeOf(await verifier.verify(signed('before-pause')))).toBe('ok')
    server.pause()
    try {
      const result = await within(verifier.verify(signed('during-pause')), BOUND)
      expect(result === 'unanswered' ? result : codeOf(result)).toBe(
        'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE',
      )
      if (result !== 'unanswered' && !result.ok) expect(result.error.status).toBe(503)
    } finally {
      server.resume()
    }
    // The command that timed out may still land once Redis answers: it only blocks duplicates for
    // the in-flight TTL, it never lets one through. Fresh deliveries work at once.
    await waitUntil(async () => codeOf(await verifier.verify(signed('after-pause'))) === 'ok')
    expect(codeOf(await verifier.verify(signed('before-pause')))).toBe('ERR_WEBHOOK_REPLAYED')
  })

  it('Redis stopped: 503 at once and nothing accepted; restarted on the same port: the same clients resume', async () => {
    const recommended = await connectRedis(server.url)
    const defaults = await connectRedis(server.url, {})
    const verifiers = [verifierOn(recommended, 'outage:'), verifierOn(defaults, 'outage:')]
    for (const v of verifiers)
      expect(codeOf(await v.verify(signed(`accepted-${verifiers.indexOf(v)}`)))).toBe('ok')

    await server.stop()
    for (const v of verifiers) {
      for (const body of ['accepted-0', 'accepted-1', 'new-during-outage']) {
        const result = await within(v.verify(signed(body)), BOUND)
        expect(result === 'unanswered' ? result : codeOf(result)).toBe(
          'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE',
        )
      }
    }

    await server.start()
    for (const v of verifiers) {
      await waitUntil(
        async () =>
          codeOf(await v.verify(signed(`after-restart-${verifiers.indexOf(v)}`))) === 'ok',
      )
    }
    // Nothing accepted twice: before the outage, during it (nothing), after it.
    for (const v of verifiers) {
      for (const body of ['accepted-0', 'accepted-1', 'after-restart-0', 'after-restart-1']) {
        expect(codeOf(await v.verify(signed(body)))).toBe('ERR_WEBHOOK_REPLAYED')
      }
    }
    expect(codeOf(await verifiers[0]!.verify(signed('new-during-outage')))).toBe('ok')
    expect(codeOf(await verifiers[1]!.verify(signed('new-during-outage')))).toBe(
      'ERR_WEBHOOK_REPLAYED',
    )
  })

  it('Redis stopped in the middle of a burst: every answer is ok, replayed or 503, and no delivery is accepted twice', async () => {
    const clients = [await connectRedis(server.url), await connectRedis(server.url)]
    const verifiers = clients.map((client) => verifierOn(client, 'burst:'))
    const bodies = Array.from({ length: 40 }, (_, i) => `burst-${i}`)
    const accepted = new Map<string, number>()
    const outcomes = new Set<string>()
    const send = async (body: string, round: number) => {
      const result = await verifiers[round % 2]!.verify(signed(body))
      outcomes.add(codeOf(result))
      if (result.ok) accepted.set(body, (accepted.get(body) ?? 0) + 1)
    }
    const burst = (round: number) => Promise.all(bodies.map((body) => send(body, round)))
    const inFlight = [burst(0), burst(1)]
    await server.stop()
    await Promise.all(inFlight)
    await burst(2)
    await server.start()
    await waitUntil(async () => codeOf(await verifiers[0]!.verify(signed('burst-probe'))) === 'ok')
    await burst(3)
    await burst(4)
    const expected = ['ok', 'ERR_WEBHOOK_REPLAYED', 'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE']
    expect([...outcomes].filter((code) => !expected.includes(code))).toEqual([])
    expect(outcomes.has('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE')).toBe(true)
    expect([...accepted.values()].every((n) => n === 1)).toBe(true)
  })

  it('Redis gone between reserve and commit: verify answers 503, and the retry is accepted once the claim lapses', async () => {
    const client = await connectRedis(server.url)
    const store = redisReplayStore(client, { prefix: 'between:', timeoutMs: 500 })
    let stopAfterReserve = true
    const stopping: ReplayStore = {
      ...store,
      async reserve(key, token, ttlMs) {
        const outcome = await store.reserve(key, token, ttlMs)
        if (stopAfterReserve) await server.stop()
        return outcome
      },
    }
    const verifier = createVerifier(check, { replay: stopping, inFlightTtl: 200 })
    const result = await within(verifier.verify(signed('between')), BOUND)
    expect(result === 'unanswered' ? result : codeOf(result)).toBe(
      'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE',
    )
    stopAfterReserve = false
    await server.start()
    await waitUntil(() => client.status === 'ready')
    // The orphaned claim survived the restart (persistence on), so the retry waits it out, then gets in once.
    await waitUntil(async () => codeOf(await verifier.verify(signed('between'))) === 'ok')
    expect(codeOf(await verifier.verify(signed('between')))).toBe('ERR_WEBHOOK_REPLAYED')
  })

  it('node-redis clients (v4 and current): 503 while Redis is stopped, the same clients resume after', async () => {
    const clients = [await connectNodeRedis(server.url, 4), await connectNodeRedis(server.url)]
    const verifiers = clients.map((client, i) =>
      createVerifier(check, {
        replay: redisReplayStore(client, { prefix: `node-outage-${i}:`, timeoutMs: 500 }),
      }),
    )
    for (const v of verifiers) expect(codeOf(await v.verify(signed('node-accepted')))).toBe('ok')
    await server.stop()
    try {
      for (const v of verifiers) {
        for (const body of ['node-accepted', 'node-new']) {
          const result = await within(v.verify(signed(body)), BOUND)
          expect(result === 'unanswered' ? result : codeOf(result)).toBe(
            'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE',
          )
        }
      }
    } finally {
      await server.start()
    }
    for (const v of verifiers) {
      await waitUntil(async () => codeOf(await v.verify(signed('node-new'))) === 'ok')
      expect(codeOf(await v.verify(signed('node-accepted')))).toBe('ERR_WEBHOOK_REPLAYED')
    }
  })

  it('failOpen: with Redis down every delivery is accepted (replays too) and each error is reported', async () => {
    const client = await connectRedis(server.url)
    const errors: unknown[] = []
    const verifier = verifierOn(client, 'open:', { failOpen: true, onError: (e) => errors.push(e) })
    const store: ReplayStore = redisReplayStore(client, {
      prefix: 'open:',
      failOpen: true,
      timeoutMs: 500,
    })
    expect(codeOf(await verifier.verify(signed('open-1')))).toBe('ok')
    expect(codeOf(await verifier.verify(signed('open-1')))).toBe('ERR_WEBHOOK_REPLAYED')

    await server.stop()
    try {
      expect(codeOf(await verifier.verify(signed('open-1')))).toBe('ok') // the trade: a replay gets in
      expect(codeOf(await verifier.verify(signed('open-2')))).toBe('ok')
      expect(errors.length).toBeGreaterThanOrEqual(2)
      expect(await store.reserve('k', 't', HOUR)).toBe('reserved')
      await expect(store.commit('k', 't', HOUR)).resolves.toBeUndefined()
      await expect(store.release('k', 't')).resolves.toBeUndefined()
    } finally {
      await server.start()
    }
    // Protection is back by itself once the client has reconnected (no new client, no restart).
    await waitUntil(() => client.status === 'ready')
    expect(codeOf(await verifier.verify(signed('open-3')))).toBe('ok')
    expect(codeOf(await verifier.verify(signed('open-3')))).toBe('ERR_WEBHOOK_REPLAYED')
  })

  it('fail closed by default: a throwing store call, never a silent "reserved"', async () => {
    const client = await connectRedis(server.url)
    const store = redisReplayStore(client, { prefix: 'closed:', timeoutMs: 500 })
    await server.stop()
    try {
      await expect(store.reserve('k', 't', HOUR)).rejects.toThrow(/redis|connect|closed|writeable/i)
      await expect(store.commit('k', 't', HOUR)).rejects.toThrow()
      await expect(store.release('k', 't')).rejects.toThrow()
    } finally {
      await server.start()
    }
  })
})
