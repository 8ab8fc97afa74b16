import { createHmac } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createVerifier,
  memoryReplayStore,
  presets,
  WebhookConfigError,
  type WebhookError,
} from '@hookwarden/core'
import { fastifyWebhook, webhookOf } from './index.js'

const secret = 'unit secret'
const github = presets.github({ secret })
const sign = (body: string) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body), ...headers },
    body,
  })

let app: FastifyInstance | undefined
afterEach(() => app?.close())

async function start(setup: (app: FastifyInstance) => Promise<void> | void): Promise<string> {
  app = Fastify()
  await setup(app)
  return app.listen({ port: 0, host: '127.0.0.1' })
}

describe('fastifyWebhook', () => {
  it('verifies the exact bytes in its scope while other routes keep JSON parsing', async () => {
    const base = await start(async (app) => {
      await app.register(async (scope) => {
        await scope.register(fastifyWebhook, { verifier: github })
        scope.post('/hook', async (request) => ({
          check: webhookOf(request).check,
          body: request.body ?? null,
          text: webhookOf(request).text(),
        }))
      })
      app.post('/api', async (request) => ({ parsed: request.body }))
    })
    const body = '{ "spaced" :  true }'
    const hook = await post(`${base}/hook`, body)
    expect(await hook.json()).toStrictEqual({ check: 'github', body: null, text: body })
    const api = await fetch(`${base}/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(await api.json()).toStrictEqual({ parsed: { spaced: true } })
    expect(
      (await post(`${base}/hook`, body, { 'x-hub-signature-256': sign('other') })).status,
    ).toBe(401)
  })

  it('throws a config error when registered on the root instance', async () => {
    app = Fastify()
    await expect(app.register(fastifyWebhook, { verifier: github })).rejects.toThrow(
      WebhookConfigError,
    )
  })

  it('rejects unknown options, naming the valid ones', async () => {
    app = Fastify()
    const options = { verifier: github, limt: 10 } as Parameters<typeof fastifyWebhook>[1]
    await expect(
      app.register(async (scope) => scope.register(fastifyWebhook, options)),
    ).rejects.toThrow(/limit/)
  })

  it('webhookOf throws a config error on a route outside the plugin', async () => {
    const errors: unknown[] = []
    const base = await start((app) => {
      app.post('/plain', async (request) => webhookOf(request))
      app.setErrorHandler((error, _request, reply) => {
        errors.push(error)
        return reply.code(500).send()
      })
    })
    expect((await post(`${base}/plain`, '{}')).status).toBe(500)
    expect(errors[0]).toBeInstanceOf(WebhookConfigError)
  })

  it('settles with the status the handler replied before the reply leaves', async () => {
    const statuses: number[] = []
    const verifier = createVerifier(github, { replay: memoryReplayStore() })
    const base = await start(async (app) => {
      await app.register(async (scope) => {
        await scope.register(fastifyWebhook, { verifier })
        let calls = 0
        scope.post('/hook', (_request, reply) => {
          calls++
          // Callback style: send, return nothing. A first failure, then success.
          void reply.code(calls === 1 ? 503 : 204).send()
        })
        scope.addHook('onResponse', async (_request, reply) => {
          statuses.push(reply.statusCode)
        })
      })
    })
    const body = '{"id":1}'
    expect((await post(`${base}/hook`, body)).status).toBe(503) // released: the retry runs
    expect((await post(`${base}/hook`, body)).status).toBe(204) // committed
    const duplicate = await post(`${base}/hook`, body)
    expect(duplicate.status).toBe(200)
    expect(await duplicate.json()).toStrictEqual({ duplicate: true })
    expect(statuses).toStrictEqual([503, 204, 200])
  })

  it('releases the delivery when the handler throws, and reports errors to onError', async () => {
    const errors: WebhookError[] = []
    const verifier = createVerifier(github, { replay: memoryReplayStore() })
    const base = await start(async (app) => {
      await app.register(async (scope) => {
        await scope.register(fastifyWebhook, {
          verifier,
          limit: 16,
          onError: (error) => errors.push(error),
        })
        let calls = 0
        scope.post('/hook', async () => {
          if (++calls === 1) throw new Error('downstream down')
          return { ok: true }
        })
      })
    })
    expect((await post(`${base}/hook`, '{"a":1}')).status).toBe(500)
    expect(await (await post(`${base}/hook`, '{"a":1}')).json()).toStrictEqual({ ok: true })
    const large = await post(`${base}/hook`, '{"a":"0123456789abcdef"}')
    expect(large.status).toBe(413)
    expect(await large.json()).toStrictEqual({ error: 'ERR_WEBHOOK_BODY_TOO_LARGE' })
    expect(errors.map((e) => e.code)).toStrictEqual(['ERR_WEBHOOK_BODY_TOO_LARGE'])
  })
})
