/**
 * The receivers under load, one per child process (so the load generator does not share their event
 * loop). loadtest/run.mjs bundles this file with the workspace packages' TypeScript sources
 * (esbuild, as examples/demo/run.mjs does; no build needed) and forks
 * `node loadtest/.tmp/servers.mjs <kind>`: it listens on 127.0.0.1, port 0, tells its parent the
 * port over IPC, and answers `{ rss, heap }` to IPC messages ('gc' collects garbage first).
 *
 * All take GitHub-style deliveries (`x-hub-signature-256: sha256=<hex>`) on POST /webhooks/github,
 * with a 64 KiB body limit, and answer the same JSON. Per framework, two receivers:
 * - `<framework>`: the hookwarden adapter with `presets.github({ secret })`;
 * - `<framework>-raw`: a hand-written route on the same framework: the raw body as the framework
 *   gives it, `createHmac` and `timingSafeEqual`.
 * Frameworks: express, koa, fetch (a fetch handler on node:http through @hono/node-server's
 * `getRequestListener`), node (plain node:http), fastify, hono (on @hono/node-server).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { presets } from '@hookwarden/core'
import { createExpressMiddleware } from '@hookwarden/express'
import { fastifyWebhook, webhookOf } from '@hookwarden/fastify'
import { createFetchHandler } from '@hookwarden/fetch'
import { webhookMiddleware } from '@hookwarden/hono'
import { createKoaMiddleware } from '@hookwarden/koa'
import { createNodeHandler } from '@hookwarden/node'
import { getRequestListener } from '@hono/node-server'
import Router from '@koa/router'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import Koa from 'koa'
import getRawBody from 'raw-body'
import { LIMIT, PATH, SECRET } from './config.mjs'

const verifier = () => presets.github({ secret: SECRET })

/** The hand-written check: true when `body` (bytes) carries a valid `sha256=<hex>` header. */
function validByHand(header, body) {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false
  const received = Buffer.from(header.slice(7), 'hex')
  const expected = createHmac('sha256', SECRET).update(body).digest()
  return received.length === expected.length && timingSafeEqual(received, expected)
}
const actionOf = (body) => JSON.parse(Buffer.from(body).toString('utf8')).action ?? null
const json = (status, value) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } })

/** The raw fetch route (fetch and Hono): body bytes, limit, HMAC. */
async function rawFetch(request) {
  const declared = Number(request.headers.get('content-length'))
  if (declared > LIMIT) return json(413, { ok: false })
  const body = Buffer.from(await request.arrayBuffer())
  if (body.length > LIMIT) return json(413, { ok: false })
  if (!validByHand(request.headers.get('x-hub-signature-256'), body))
    return json(401, { ok: false })
  return json(200, { ok: true, action: actionOf(body) })
}

/** Fastify's node:http request listener, without letting Fastify listen itself. */
async function fastifyListener(register) {
  let listener
  const app = Fastify({
    bodyLimit: LIMIT,
    serverFactory: (handler) => {
      listener = handler
      return createServer(handler)
    },
  })
  await app.register(register)
  await app.ready()
  return listener
}

const apps = {
  express() {
    const app = express()
    app.post(PATH, createExpressMiddleware(verifier(), { limit: LIMIT }), (req, res) => {
      res.json({ ok: true, action: req.webhook.json().action ?? null })
    })
    return app
  },
  'express-raw'() {
    const app = express()
    app.post(PATH, express.raw({ type: '*/*', limit: LIMIT }), (req, res) => {
      if (!Buffer.isBuffer(req.body) || !validByHand(req.get('x-hub-signature-256'), req.body))
        return res.status(401).json({ ok: false })
      res.json({ ok: true, action: actionOf(req.body) })
    })
    // body-parser's 413 as JSON, like the middleware's (Express's default handler renders HTML).
    app.use((error, req, res, _next) => res.status(error.status ?? 500).json({ ok: false }))
    return app
  },

  koa() {
    const app = new Koa()
    const router = new Router()
    router.post(PATH, createKoaMiddleware(verifier(), { limit: LIMIT }), (ctx) => {
      ctx.body = { ok: true, action: ctx.state.webhook.json().action ?? null }
    })
    app.use(router.routes())
    return app.callback()
  },
  'koa-raw'() {
    const app = new Koa()
    const router = new Router()
    router.post(PATH, async (ctx) => {
      let body
      try {
        body = await getRawBody(ctx.req, { limit: LIMIT, length: ctx.get('content-length') })
      } catch (error) {
        ctx.status = error.status ?? 400
        ctx.body = { ok: false }
        return
      }
      if (!validByHand(ctx.get('x-hub-signature-256'), body)) {
        ctx.status = 401
        ctx.body = { ok: false }
        return
      }
      ctx.body = { ok: true, action: actionOf(body) }
    })
    app.use(router.routes())
    return app.callback()
  },

  fetch() {
    const handler = createFetchHandler(
      verifier(),
      async (request, webhook) => json(200, { ok: true, action: webhook.json().action ?? null }),
      { limit: LIMIT },
    )
    return getRequestListener((request) =>
      new URL(request.url).pathname === PATH ? handler(request) : json(404, { ok: false }),
    )
  },
  'fetch-raw'() {
    return getRequestListener((request) =>
      new URL(request.url).pathname === PATH ? rawFetch(request) : json(404, { ok: false }),
    )
  },

  node() {
    const handler = createNodeHandler(
      verifier(),
      async (req, res, webhook) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ ok: true, action: webhook.json().action ?? null }))
      },
      { limit: LIMIT },
    )
    return (req, res) => {
      if (req.url === PATH) return handler(req, res)
      res.writeHead(404).end()
    }
  },
  'node-raw'() {
    const send = (res, status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(value))
    }
    return (req, res) => {
      if (req.url !== PATH) return send(res, 404, { ok: false })
      if (Number(req.headers['content-length']) > LIMIT) {
        res.setHeader('connection', 'close')
        return send(res, 413, { ok: false })
      }
      const chunks = []
      let size = 0
      req.on('data', (chunk) => {
        size += chunk.length
        if (size <= LIMIT) chunks.push(chunk)
      })
      req.on('end', () => {
        if (size > LIMIT) return send(res, 413, { ok: false })
        const body = Buffer.concat(chunks)
        if (!validByHand(req.headers['x-hub-signature-256'], body))
          return send(res, 401, { ok: false })
        send(res, 200, { ok: true, action: actionOf(body) })
      })
    }
  },

  fastify() {
    return fastifyListener(async (app) => {
      await app.register(async (scope) => {
        await scope.register(fastifyWebhook, { verifier: verifier(), limit: LIMIT })
        scope.post(PATH, async (request) => ({
          ok: true,
          action: webhookOf(request).json().action ?? null,
        }))
      })
    })
  },
  'fastify-raw'() {
    return fastifyListener(async (app) => {
      await app.register(async (scope) => {
        scope.removeAllContentTypeParsers()
        scope.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) =>
          done(null, body),
        )
        scope.post(PATH, async (request, reply) => {
          if (!validByHand(request.headers['x-hub-signature-256'], request.body))
            return reply.code(401).send({ ok: false })
          return { ok: true, action: actionOf(request.body) }
        })
      })
    })
  },

  hono() {
    const app = new Hono()
    app.post(PATH, webhookMiddleware(verifier(), { limit: LIMIT }), (c) =>
      c.json({ ok: true, action: c.get('webhook').json().action ?? null }),
    )
    return getRequestListener(app.fetch)
  },
  'hono-raw'() {
    const app = new Hono()
    app.post(PATH, (c) => rawFetch(c.req.raw))
    return getRequestListener(app.fetch)
  },
}

const kind = process.argv[2]
if (!apps[kind]) {
  console.error(`usage: node loadtest/.tmp/servers.mjs ${Object.keys(apps).join('|')}`)
  process.exit(2)
}
const server = createServer(await apps[kind]()).listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port })
})
// 'rss': the resident set now; 'gc': after a full collection (--expose-gc), with the live heap.
process.on('message', (message) => {
  if (message === 'gc') globalThis.gc?.()
  process.send?.({ rss: process.memoryUsage.rss(), heap: process.memoryUsage().heapUsed })
})
process.on('disconnect', () => process.exit(0))
