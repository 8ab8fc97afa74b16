/**
 * `durableObjectReplayStore` in Node with a recording namespace: routing of keys to objects, option
 * validation, and failures passed through to the verifier (503). Atomicity and expiry are tested
 * against real Durable Objects in replay-store-object.test.ts.
 */
import { createHash, createHmac } from 'node:crypto'
import { createVerifier, presets, WebhookConfigError, type ReserveOutcome } from '@hookwarden/core'
import { createFetchHandler } from '@hookwarden/fetch'
import { describe, expect, it } from 'vitest'
import {
  durableObjectReplayStore,
  type ReplayStoreNamespace,
  type ReplayStoreStub,
} from './index.js'

interface Call {
  object: string
  method: string
  args: unknown[]
}

/** A namespace whose ids are their names and whose stubs record every call. */
function recordingNamespace(fail?: Error): ReplayStoreNamespace<string> & { calls: Call[] } {
  const calls: Call[] = []
  const stub = (object: string): ReplayStoreStub => {
    const record = async <T>(method: string, args: unknown[], value: T): Promise<T> => {
      calls.push({ object, method, args })
      if (fail !== undefined) throw fail
      return value
    }
    return {
      reserve: (...args) => record<ReserveOutcome>('reserve', args, 'reserved'),
      renew: (...args) => record('renew', args, true),
      commit: (...args) => record('commit', args, undefined),
      release: (...args) => record('release', args, undefined),
    }
  }
  return { calls, idFromName: (name) => name, get: (id) => stub(id) }
}

/** The stored key and shard, computed with node:crypto rather than the code under test. */
const expected = (key: string, shards: number) => {
  const digest = createHash('sha256').update(key, 'utf8').digest()
  return { stored: digest.toString('base64url'), shard: digest.readUInt32BE(0) % shards }
}

describe('durableObjectReplayStore routing', () => {
  it('sends each operation as one call to the object named after the key hash shard', async () => {
    const namespace = recordingNamespace()
    const store = durableObjectReplayStore(namespace, { shards: 7, name: 'hooks' })
    const key = 'github:delivery:ü😀'
    const { stored, shard } = expected(key, 7)
    await store.reserve(key, 'tok', 1000)
    await store.renew(key, 'tok', 2000)
    await store.commit(key, 'tok', 3000)
    await store.release(key, 'tok')
    expect(namespace.calls).toStrictEqual([
      { object: `hooks:${shard}`, method: 'reserve', args: [stored, 'tok', 1000] },
      { object: `hooks:${shard}`, method: 'renew', args: [stored, 'tok', 2000] },
      { object: `hooks:${shard}`, method: 'commit', args: [stored, 'tok', 3000] },
      { object: `hooks:${shard}`, method: 'release', args: [stored, 'tok'] },
    ])
  })

  it('spreads keys over the default 16 shards named hookwarden-replay:<n>', async () => {
    const namespace = recordingNamespace()
    const store = durableObjectReplayStore(namespace)
    const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`)
    for (const key of keys) await store.reserve(key, 't', 1000)
    const objects = namespace.calls.map((c) => c.object)
    expect(objects).toStrictEqual(keys.map((k) => `hookwarden-replay:${expected(k, 16).shard}`))
    expect(new Set(objects).size).toBe(16)
  })

  it('stores a fixed-length key whatever the delivery key holds', async () => {
    const namespace = recordingNamespace()
    const store = durableObjectReplayStore(namespace, { shards: 1 })
    await store.reserve('k'.repeat(10_000) + '\u0000', 't', 1000)
    expect(namespace.calls[0]?.object).toBe('hookwarden-replay:0')
    expect(namespace.calls[0]?.args[0]).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})

describe('durableObjectReplayStore options', () => {
  it.each([
    ['no namespace', undefined, {}, 'pass the Durable Object namespace binding'],
    ['a KV namespace', { get: () => undefined }, {}, 'pass the Durable Object namespace binding'],
    [
      'zero shards',
      recordingNamespace(),
      { shards: 0 },
      'shards must be an integer from 1 to 1024',
    ],
    ['fractional shards', recordingNamespace(), { shards: 1.5 }, 'shards must be an integer'],
    ['too many shards', recordingNamespace(), { shards: 1025 }, 'shards must be an integer'],
    ['an empty name', recordingNamespace(), { name: '' }, 'name must be a non-empty string'],
    ['an unknown option', recordingNamespace(), { shard: 4 }, 'unknown option "shard"'],
  ])('rejects %s with a WebhookConfigError', (_, namespace, options, message) => {
    const make = () => durableObjectReplayStore(namespace as never, options as never)
    expect(make).toThrow(WebhookConfigError)
    expect(make).toThrow(message)
  })
})

describe('durableObjectReplayStore failures', () => {
  it('rejects with the stub error, and the fetch handler answers 503 without running', async () => {
    const overloaded = Object.assign(new Error('Durable Object is overloaded'), {
      overloaded: true,
    })
    const store = durableObjectReplayStore(recordingNamespace(overloaded))
    await expect(store.reserve('k', 't', 1000)).rejects.toBe(overloaded)

    const secret = 'unit secret'
    let runs = 0
    const handler = createFetchHandler(
      createVerifier(presets.github({ secret }), { replay: store }),
      () => {
        runs++
        return new Response('processed')
      },
    )
    const body = '{"zen":"fail closed"}'
    const signature = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
    const response = await handler(
      new Request('http://hooks.test/', {
        method: 'POST',
        headers: { 'x-hub-signature-256': signature },
        body,
      }),
    )
    expect(response.status).toBe(503)
    expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE' })
    expect(runs).toBe(0)
  })
})
