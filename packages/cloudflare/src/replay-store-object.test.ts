/**
 * `durableObjectReplayStore` against real Durable Objects in workerd (Miniflare): the shared
 * replay-store cases, a duplicate racing the original through `createFetchHandler` in two separate
 * Workers, the cleanup alarm, and a failing object answered 503.
 */
import { createHmac } from 'node:crypto'
import { replayStoreCases } from '@hookwarden/core/testing'
import type { ReplayStore } from '@hookwarden/core'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleReplayWorker } from './fixtures/bundle-replay-worker.js'

const SECRET = 'replay test secret'
const compatibilityDate = '2025-01-01'
let mf: Miniflare
/** The two Workers; both reach the same `ReplayStoreObject` namespace. */
let workers: Record<'a' | 'b', (path: string, init?: RequestInit) => Promise<Response>>

beforeAll(async () => {
  const script = await bundleReplayWorker()
  mf = new Miniflare({
    workers: [
      {
        name: 'a',
        routes: ['a.test/*'],
        modules: true,
        script,
        compatibilityDate,
        bindings: { SECRET },
        durableObjects: {
          REPLAY: { className: 'ReplayStoreObject', useSQLite: true },
          SWEPT: { className: 'SweptReplayStoreObject', useSQLite: true },
          BROKEN: { className: 'BrokenReplayStoreObject', useSQLite: true },
        },
      },
      {
        name: 'b',
        routes: ['b.test/*'],
        modules: true,
        script,
        compatibilityDate,
        bindings: { SECRET },
        durableObjects: {
          REPLAY: { className: 'ReplayStoreObject', scriptName: 'a', useSQLite: true },
        },
      },
    ],
  })
  // Miniflare's own Request/Response types have the web shapes.
  const via =
    (name: 'a' | 'b') =>
    async (path: string, init?: RequestInit): Promise<Response> =>
      (await mf.dispatchFetch(`http://${name}.test${path}`, init as never)) as unknown as Response
  workers = { a: via('a'), b: via('b') }
})
afterAll(() => mf?.dispose())

const postJson = (worker: 'a' | 'b', path: string, value: unknown) =>
  workers[worker](path, { method: 'POST', body: JSON.stringify(value) })

/** A Node-side client whose every call runs `durableObjectReplayStore` in the given Worker. */
function remoteStore(worker: 'a' | 'b', path = '/store'): ReplayStore {
  const call = async (op: string, key: string, token: string, ttlMs = 1): Promise<never> => {
    const response = await postJson(worker, path, { op, key, token, ttlMs })
    if (response.status !== 200) throw new Error(`store call failed: ${response.status}`)
    return ((await response.json()) as { result: never }).result
  }
  return {
    reserve: (key, token, ttlMs) => call('reserve', key, token, ttlMs),
    renew: (key, token, ttlMs) => call('renew', key, token, ttlMs),
    commit: (key, token, ttlMs) => call('commit', key, token, ttlMs),
    release: (key, token) => call('release', key, token),
  }
}

describe('durableObjectReplayStore on Durable Objects in workerd', () => {
  // Clients alternate between the two Workers, so the race case mixes separate isolates.
  let client = 0
  for (const { name, run } of replayStoreCases(() => remoteStore(client++ % 2 ? 'b' : 'a'))) {
    it(name, run)
  }
})

const BODY = '{"action":"opened"}'
const sign = (body: string) => 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex')

const deliver = (worker: 'a' | 'b', path: string, body: string) =>
  workers[worker](path, {
    method: 'POST',
    headers: { 'x-hub-signature-256': sign(body), 'x-github-event': 'issues' },
    body,
  })

const runsIn = async (worker: 'a' | 'b') =>
  ((await (await workers[worker]('/runs')).json()) as { runs: number }).runs

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('createFetchHandler guarded by Durable Objects', () => {
  it('runs the handler once for a duplicate racing the original in another Worker: 409 in flight, then 200 duplicate', async () => {
    const first = deliver('a', '/hook', BODY)
    // Wait until Worker a's handler runs, i.e. holds the claim; it then waits for /open.
    for (let i = 0; i < 400 && (await runsIn('a')) === 0; i++) await sleep(10)
    expect(await runsIn('a')).toBe(1)

    const racing = await deliver('b', '/hook', BODY)
    expect(racing.status).toBe(409)
    expect(await racing.json()).toStrictEqual({ error: 'ERR_WEBHOOK_REPLAYED' })

    await workers.a('/open', { method: 'POST' })
    await workers.b('/open', { method: 'POST' })
    const original = await first
    expect(original.status).toBe(200)
    expect(await original.text()).toBe('processed')

    const late = await deliver('b', '/hook', BODY)
    expect(late.status).toBe(200)
    expect(await late.json()).toStrictEqual({ duplicate: true })
    expect([await runsIn('a'), await runsIn('b')]).toStrictEqual([1, 0])
  })

  it('answers 503 and skips the handler when the object fails (fail closed)', async () => {
    const before = await runsIn('a')
    const response = await deliver('a', '/broken/hook', '{"action":"closed"}')
    expect(response.status).toBe(503)
    expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE' })
    expect(await runsIn('a')).toBe(before)
  })
})

describe('ReplayStoreObject cleanup', () => {
  it('deletes expired entries with its alarm and keeps live ones', async () => {
    const store = remoteStore('a', '/swept/store')
    const count = async () =>
      ((await (await workers.a('/swept/count')).json()) as { count: number }).count
    await store.reserve('lapsing claim', 't1', 200)
    await store.reserve('processed soon', 't2', 60_000)
    await store.commit('processed soon', 't2', 200)
    await store.reserve('live claim', 't3', 60_000)
    expect(await count()).toBe(3)

    for (let i = 0; i < 300 && (await count()) > 1; i++) await sleep(20)
    expect(await count()).toBe(1)
    expect(await store.reserve('live claim', 'other', 60_000)).toBe('in-flight')
    expect(await store.reserve('lapsing claim', 'other', 60_000)).toBe('reserved')
  })
})
