import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import { describe, expect, it } from 'vitest'
import { presets, WebhookConfigError } from '@hookwarden/core'
import { createKoaMiddleware } from './index.js'

const secret = 'unit secret'
const github = presets.github({ secret })
const sign = (body: string) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')

async function serve(app: Koa, send: (url: string) => Promise<Response>): Promise<Response> {
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  try {
    return await send(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)
  } finally {
    server.close()
  }
}

describe('createKoaMiddleware', () => {
  it('rejects a bad limit at construction', () => {
    expect(() => createKoaMiddleware(github, { limit: -1 })).toThrow(WebhookConfigError)
  })

  it('passes the context to onError and the webhook to the next middleware', async () => {
    const seen: string[] = []
    const app = new Koa()
    app.use(
      createKoaMiddleware(github, {
        onError: (error, ctx) => seen.push(`${ctx.path} ${error.code}`),
      }),
    )
    app.use((ctx) => {
      ctx.body = { check: ctx.state.webhook?.check, bytes: ctx.state.webhook?.body.length }
    })
    const good = await serve(app, (url) =>
      fetch(url, { method: 'POST', headers: { 'x-hub-signature-256': sign('{}') }, body: '{}' }),
    )
    expect(await good.json()).toStrictEqual({ check: 'github', bytes: 2 })
    const bad = await serve(app, (url) => fetch(url, { method: 'POST', body: '{}' }))
    expect(bad.status).toBe(401)
    expect(seen).toStrictEqual(['/hook ERR_WEBHOOK_SIGNATURE_MISSING'])
  })
})
