import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import {
  createVerifier,
  memoryReplayStore,
  presets,
  WebhookConfigError,
  type VerifiedWebhook,
  type WebhookError,
} from '@hookwarden/core'
import { webhookMiddleware, type WebhookEnv } from './index.js'

const secret = "It's a Secret to Everybody"
const sign = (body: string) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
const BODY = '{"action":"opened","title":"déjà vu ✓"}'

let server: Server
let base = ''
const calls: string[] = []
const errors: WebhookError[] = []
let outcome: 'ok' | 'fail' | 'throw' = 'ok'

function createApp(): Hono {
  const onError = (error: WebhookError) => errors.push(error)
  const replay = () => createVerifier(presets.github({ secret }), { replay: memoryReplayStore() })
  const app = new Hono()
  // A thrown handler error answered 200 by app.onError: must still release the delivery.
  app.onError((_error, c) => c.json({ handled: true }, 200))
  app.post('/hooks', webhookMiddleware(presets.github({ secret }), { onError }), async (c) => {
    expectTypeOf(c.get('webhook')).toEqualTypeOf<VerifiedWebhook>()
    calls.push('hooks')
    // The body is readable again after verification, from the verified bytes.
    const parsed = await c.req.json<{ action: string }>()
    return c.json({ check: c.get('webhook').check, action: parsed.action })
  })
  app.post('/replay', webhookMiddleware(replay(), { onError }), (c) => {
    calls.push('replay')
    if (outcome === 'throw') throw new Error('downstream down')
    return c.json({ id: c.get('webhook').check }, outcome === 'ok' ? 200 : 503)
  })
  app.use('/mounted/*', webhookMiddleware(presets.github({ secret }), { limit: 16, onError }))
  app.post('/mounted/hook', (c) =>
    c.text(String(c.req.header('x-hub-signature-256') !== undefined)),
  )
  app.post(
    '/read-first',
    async (c, next) => {
      await c.req.text()
      await next()
    },
    webhookMiddleware(presets.github({ secret }), { onError }),
    (c) => c.body(null, 204),
  )
  app.post(
    '/buffered-first',
    async (c, next) => {
      await c.req.arrayBuffer()
      await next()
    },
    webhookMiddleware(presets.github({ secret }), { onError }),
    (c) => c.text(c.get('webhook').text()),
  )
  return app
}

beforeAll(async () => {
  server = createAdaptorServer({ fetch: createApp().fetch }) as Server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const post = (path: string, body: string = BODY, signature = sign(body)) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    body,
  })

describe('webhookMiddleware on @hono/node-server', () => {
  it('runs the route with a typed c.get("webhook") and the body still readable', async () => {
    calls.length = 0
    const response = await post('/hooks')
    expect(response.status).toBe(200)
    expect(await response.json()).toStrictEqual({ check: 'github', action: 'opened' })
    expect(calls).toStrictEqual(['hooks'])
  })

  it('answers a wrong signature with 401 and the code only; the route never runs', async () => {
    calls.length = 0
    errors.length = 0
    const response = await post('/hooks', BODY, sign('another body'))
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.text()).toBe('{"error":"ERR_WEBHOOK_SIGNATURE_MISMATCH"}')
    expect(calls).toStrictEqual([])
    expect(errors.map((e) => e.code)).toStrictEqual(['ERR_WEBHOOK_SIGNATURE_MISMATCH'])
  })

  it('works mounted with app.use, and answers 413 past the limit', async () => {
    expect((await post('/mounted/hook', '{"a":1}')).status).toBe(200)
    const response = await post('/mounted/hook', '{"a":"0123456789"}')
    expect(response.status).toBe(413)
    expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_BODY_TOO_LARGE' })
  })

  it('answers 500 BODY_UNAVAILABLE with a Hono hint when the body was read as text first', async () => {
    errors.length = 0
    const response = await post('/read-first')
    expect(response.status).toBe(500)
    expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_BODY_UNAVAILABLE' })
    expect(errors[0]).toBeInstanceOf(WebhookConfigError)
    expect(errors[0]?.message).toMatch(/Mount webhookMiddleware before validator\(\)/)
  })

  it('verifies the bytes an earlier c.req.arrayBuffer() cached (they are exact)', async () => {
    const response = await post('/buffered-first')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(BODY)
  })
})

describe('delivery lifecycle', () => {
  const body = (n: number) => `{"delivery":${n}}`

  it('commits a 2xx: the same delivery again is acknowledged, the route does not run', async () => {
    outcome = 'ok'
    calls.length = 0
    expect((await post('/replay', body(1))).status).toBe(200)
    const again = await post('/replay', body(1))
    expect(again.status).toBe(200)
    expect(await again.json()).toStrictEqual({ duplicate: true })
    expect(calls).toStrictEqual(['replay'])
  })

  it('releases a 5xx c.res: the retry runs the route again', async () => {
    outcome = 'fail'
    calls.length = 0
    expect((await post('/replay', body(2))).status).toBe(503)
    outcome = 'ok'
    expect((await post('/replay', body(2))).status).toBe(200)
    expect(calls).toStrictEqual(['replay', 'replay'])
  })

  it('releases a thrown error even when app.onError answers it with 200', async () => {
    outcome = 'throw'
    calls.length = 0
    const first = await post('/replay', body(3))
    expect(await first.json()).toStrictEqual({ handled: true })
    outcome = 'ok'
    const retry = await post('/replay', body(3))
    expect(await retry.json()).toStrictEqual({ id: 'github' })
    expect(calls).toStrictEqual(['replay', 'replay'])
  })
})

it('types c.get("webhook") for routes behind the middleware without casts', () => {
  const app = new Hono<WebhookEnv>()
  app.post('/typed', webhookMiddleware(presets.github({ secret })), (c) => {
    expectTypeOf(c.get('webhook').json).toBeFunction()
    return c.json(c.get('webhook').json())
  })
  expect(app.routes.map((r) => r.path)).toContain('/typed')
})
