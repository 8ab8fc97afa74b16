import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import express, { type ErrorRequestHandler } from 'express'
import { describe, expect, it } from 'vitest'
import { presets, WebhookConfigError, type WebhookError } from '@hookwarden/core'
import { createExpressMiddleware, keepRawBody } from './index.js'

const secret = 'unit secret'
const github = presets.github({ secret })
const sign = (body: string) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')

async function serve(
  app: express.Express,
  send: (url: string) => Promise<Response>,
): Promise<Response> {
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  try {
    return await send(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)
  } finally {
    server.close()
  }
}

describe('createExpressMiddleware', () => {
  it('rejects a bad limit at construction', () => {
    expect(() => createExpressMiddleware(github, { limit: Number.NaN })).toThrow(WebhookConfigError)
  })

  it('keeps the raw bytes with keepRawBody and still parses JSON for the handler', async () => {
    const app = express()
    app.use(express.json({ verify: keepRawBody }))
    app.post('/hook', createExpressMiddleware(github), (req, res) => {
      res.json({ parsed: req.body, raw: req.rawBody?.length, check: req.webhook?.check })
    })
    const body = '{ "spaced" :  true }'
    const response = await serve(app, (url) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
        body,
      }),
    )
    expect(await response.json()).toStrictEqual({
      parsed: { spaced: true },
      raw: body.length,
      check: 'github',
    })
  })

  it('passes the BODY_UNAVAILABLE config error, with how to fix it, to onError', async () => {
    const errors: WebhookError[] = []
    const app = express()
    app.use(express.text({ type: () => true }))
    app.post(
      '/hook',
      createExpressMiddleware(github, { onError: (error) => errors.push(error) }),
      (_req, res) => {
        res.end()
      },
    )
    const response = await serve(app, (url) =>
      fetch(url, { method: 'POST', headers: { 'x-hub-signature-256': sign('x') }, body: 'x' }),
    )
    expect(response.status).toBe(500)
    expect(errors[0]).toBeInstanceOf(WebhookConfigError)
    expect(errors[0]!.message).toMatch(/keepRawBody/)
  })

  it("hands an exception thrown by onError to Express's error handling", async () => {
    const app = express()
    app.post(
      '/hook',
      createExpressMiddleware(github, {
        onError: () => {
          throw new Error('logger down')
        },
      }),
    )
    const handled: string[] = []
    const handler: ErrorRequestHandler = (error: Error, _req, res, _next) => {
      handled.push(error.message)
      res.status(503).end()
    }
    app.use(handler)
    const response = await serve(app, (url) => fetch(url, { method: 'POST', body: 'x' }))
    expect(response.status).toBe(503)
    expect(handled).toStrictEqual(['logger down'])
  })
})
