/**
 * Express, Koa, node:http, Hono and direct-fetch harnesses: every route of `createRoutes()` mounted behind every
 * setup, on a real server at 127.0.0.1 port 0.
 */
import type { AddressInfo } from 'node:net'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import type { Express, RequestHandler } from 'express'
import type Koa from 'koa'
import getRawBody from 'raw-body'
import { createExpressMiddleware, keepRawBody } from '@hookwarden/express'
import { createKoaMiddleware } from '@hookwarden/koa'
import { createNodeHandler } from '@hookwarden/node'
import type { WebhookError } from '@hookwarden/core'
import { createFetchApp, type Stats } from './fetch-app.js'
import { requestInit, sendHttp, httpStats, type Harness } from './harness.js'
import { createHonoApp } from './hono-app.js'
import { createRoutes, echo, errorRecord } from './routes.js'
import type { Setup } from './scenarios.js'

const SETUPS: readonly Setup[] = ['plain', 'parsed', 'parsed-unmatched', 'kept', 'kept-text', 'raw']
const prefix = (setup: Setup) => (setup === 'plain' ? '' : `/${setup}`)

interface ExpressModule {
  (): Express
  json(options?: { verify?: typeof keepRawBody }): RequestHandler
  raw(options?: { type?: () => boolean }): RequestHandler
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    )
  })
}

function close(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** Express 4 or 5, given the module. */
export function expressHarness(name: string, express: ExpressModule): Harness {
  const stats: Stats = { calls: 0, errors: [] }
  let server: Server
  let base = ''
  const parsers: Record<Setup, RequestHandler[]> = {
    plain: [],
    parsed: [express.json()],
    'parsed-unmatched': [express.json()],
    kept: [express.json({ verify: keepRawBody })],
    'kept-text': [],
    raw: [express.raw({ type: () => true })],
  }
  return {
    name,
    kind: 'express',
    async start() {
      const app = express()
      for (const setup of SETUPS) {
        for (const [path, route] of Object.entries(createRoutes())) {
          const webhook = createExpressMiddleware(route.check, {
            ...(route.limit === undefined ? {} : { limit: route.limit }),
            onError: (error: WebhookError) => stats.errors.push(errorRecord(path, error)),
          })
          // `all`: the Dropbox handshake is a GET.
          app.all(prefix(setup) + path, ...parsers[setup], webhook, (req, res, next) => {
            stats.calls++
            echo(req.webhook!).then((body) => res.json(body), next)
          })
        }
      }
      server = app.listen(0, '127.0.0.1')
      base = await listen(server)
    },
    stop: () => close(server),
    send: (path, delivery) => sendHttp(base, path, delivery),
    stats: async () => structuredClone(stats),
  }
}

/** A stand-in for koa-bodyparser: reads JSON bodies, keeping the raw bytes or text when asked. */
function koaBodyParser(setup: Setup): Koa.Middleware {
  return async (ctx, next) => {
    const request = ctx.request as typeof ctx.request & { body?: unknown; rawBody?: unknown }
    if (!ctx.is('application/json')) {
      request.body = {}
      return next()
    }
    const raw = await getRawBody(ctx.req)
    request.body = JSON.parse(raw.toString('utf8'))
    if (setup === 'kept') request.rawBody = raw
    if (setup === 'kept-text') request.rawBody = raw.toString('utf8')
    return next()
  }
}

/** Koa 2 or 3, given the constructor. */
export function koaHarness(name: string, KoaClass: new () => Koa): Harness {
  const stats: Stats = { calls: 0, errors: [] }
  let server: Server
  let base = ''
  return {
    name,
    kind: 'koa',
    async start() {
      const app = new KoaClass()
      const table = new Map<string, Koa.Middleware[]>()
      for (const setup of SETUPS) {
        for (const [path, route] of Object.entries(createRoutes())) {
          const webhook = createKoaMiddleware(route.check, {
            ...(route.limit === undefined ? {} : { limit: route.limit }),
            onError: (error: WebhookError) => stats.errors.push(errorRecord(path, error)),
          })
          const chain =
            setup === 'plain' || setup === 'raw' ? [webhook] : [koaBodyParser(setup), webhook]
          table.set(prefix(setup) + path, chain)
        }
      }
      app.use(async (ctx) => {
        const chain = table.get(ctx.path)
        if (chain === undefined) return
        const run = async (i: number): Promise<void> => {
          const middleware = chain[i]
          if (middleware !== undefined) return middleware(ctx, () => run(i + 1))
          stats.calls++
          ctx.body = await echo(ctx.state.webhook!)
        }
        await run(0)
      })
      server = app.listen(0, '127.0.0.1')
      base = await listen(server)
    },
    stop: () => close(server),
    send: (path, delivery) => sendHttp(base, path, delivery),
    stats: async () => structuredClone(stats),
  }
}

/** The fetch handler called directly with Node's own `Request` (no server). */
export function fetchHarness(): Harness {
  let app: (request: Request) => Promise<Response>
  return {
    name: 'fetch (Node Request, direct call)',
    kind: 'fetch',
    async start() {
      app = createFetchApp()
    },
    async stop() {},
    async send(path, delivery) {
      const { init, pulled, abort } = requestInit(delivery)
      const response = await app(new Request(`http://hooks.test${path}`, init))
      return { response, pulled: pulled(), abort }
    },
    stats: async () =>
      (await (await app(new Request('http://hooks.test/__stats'))).json()) as Stats,
  }
}

/**
 * `createNodeHandler` on `node:http`. `parsed`: the stream was read and `req.body` holds JSON, as a
 * framework's parser leaves it; `kept`: `req.rawBody` holds the bytes, as Cloud Functions sets it.
 */
export function nodeHarness(): Harness {
  const stats: Stats = { calls: 0, errors: [] }
  let server: Server
  let base = ''
  return {
    name: 'node (createNodeHandler on node:http)',
    kind: 'node',
    async start() {
      const table = new Map<string, (req: IncomingMessage, res: never) => Promise<void>>()
      for (const setup of ['plain', 'parsed', 'kept'] as const) {
        for (const [path, route] of Object.entries(createRoutes())) {
          const handler = createNodeHandler(
            route.check,
            async (_req, res, webhook) => {
              stats.calls++
              const body = JSON.stringify(await echo(webhook))
              res.writeHead(200, { 'content-type': 'application/json' }).end(body)
            },
            {
              ...(route.limit === undefined ? {} : { limit: route.limit }),
              onError: (error: WebhookError) => stats.errors.push(errorRecord(path, error)),
            },
          )
          table.set(prefix(setup) + path, async (req, res) => {
            if (setup !== 'plain') {
              const raw = await getRawBody(req)
              const kept = req as IncomingMessage & { body?: unknown; rawBody?: Buffer }
              kept.body = JSON.parse(raw.toString('utf8'))
              if (setup === 'kept') kept.rawBody = raw
            }
            await handler(req, res)
          })
        }
      }
      server = createServer((req, res) => {
        const route = table.get((req.url ?? '').split('?')[0] ?? '')
        if (route === undefined) return void res.writeHead(404).end()
        route(req, res as never).catch(() => undefined)
      })
      base = await listen(server)
    },
    stop: () => close(server),
    send: (path, delivery) => sendHttp(base, path, delivery),
    stats: async () => structuredClone(stats),
  }
}

/** `webhookMiddleware` in a Hono app served by `@hono/node-server`, over HTTP. */
export function honoHarness(): Harness {
  let server: Server
  let base = ''
  return {
    name: 'hono (webhookMiddleware on @hono/node-server)',
    kind: 'hono',
    async start() {
      server = createAdaptorServer({ fetch: createHonoApp().fetch }) as Server
      base = await listen(server)
    },
    stop: () => close(server),
    send: (path, delivery) => sendHttp(base, path, delivery),
    stats: () => httpStats(base)(),
  }
}
