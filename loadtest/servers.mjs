/**
 * The receivers under load, one per child process (so the load generator does not share their event
 * loop): `node loadtest/servers.mjs <kind>` listens on 127.0.0.1, port 0, and tells its parent the
 * port over IPC; it answers `{ rss, heap }` to IPC messages ('gc' collects garbage first).
 *
 * All three take GitHub-style deliveries (`x-hub-signature-256: sha256=<hex>`, as in
 * examples/express) on POST /webhooks/github, with a 64 KiB body limit, and answer the same JSON:
 * - `express`: `createExpressMiddleware(presets.github({ secret }))` (the built adapter);
 * - `koa`: `createKoaMiddleware(presets.github({ secret }))` behind @koa/router (the built adapter);
 * - `express-raw`: the hand-written route: `express.raw()` + `createHmac` + `timingSafeEqual`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import Router from '@koa/router'
import express from 'express'
import Koa from 'koa'
import { presets } from '../packages/core/dist/index.js'
import { createExpressMiddleware } from '../packages/express/dist/index.js'
import { createKoaMiddleware } from '../packages/koa/dist/index.js'
import { LIMIT, PATH, SECRET } from './config.mjs'

const apps = {
  express() {
    const app = express()
    app.post(
      PATH,
      createExpressMiddleware(presets.github({ secret: SECRET }), { limit: LIMIT }),
      (req, res) => {
        res.json({ ok: true, action: req.webhook.json().action ?? null })
      },
    )
    return app
  },

  koa() {
    const app = new Koa()
    const router = new Router()
    router.post(
      PATH,
      createKoaMiddleware(presets.github({ secret: SECRET }), { limit: LIMIT }),
      (ctx) => {
        ctx.body = { ok: true, action: ctx.state.webhook.json().action ?? null }
      },
    )
    app.use(router.routes())
    return app.callback()
  },

  'express-raw'() {
    const app = express()
    app.post(PATH, express.raw({ type: '*/*', limit: LIMIT }), (req, res) => {
      const header = req.get('x-hub-signature-256')
      if (!header?.startsWith('sha256=') || !Buffer.isBuffer(req.body))
        return res.status(401).json({ ok: false })
      const received = Buffer.from(header.slice(7), 'hex')
      const expected = createHmac('sha256', SECRET).update(req.body).digest()
      if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
        return res.status(401).json({ ok: false })
      }
      res.json({ ok: true, action: JSON.parse(req.body.toString('utf8')).action ?? null })
    })
    // body-parser's 413 as JSON, like the middleware's (Express's default handler renders HTML).
    app.use((error, req, res, _next) => res.status(error.status ?? 500).json({ ok: false }))
    return app
  },
}

const kind = process.argv[2]
if (!apps[kind]) {
  console.error(`usage: node loadtest/servers.mjs ${Object.keys(apps).join('|')}`)
  process.exit(2)
}
const server = createServer(apps[kind]()).listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port })
})
// 'rss': the resident set now; 'gc': after a full collection (--expose-gc), with the live heap.
process.on('message', (message) => {
  if (message === 'gc') globalThis.gc?.()
  process.send?.({ rss: process.memoryUsage.rss(), heap: process.memoryUsage().heapUsed })
})
process.on('disconnect', () => process.exit(0))
