/**
 * The adapters the fault suite runs through: one entry each. An entry serves a verifier and the
 * suite's neutral handler on 127.0.0.1 port 0, the way an application would mount it. Adding an
 * adapter (Fastify, Hono, Nest, Lambda, ...) is one more entry in `ADAPTERS`; the crash test's
 * child process imports this same table (bundled by esbuild), so it covers the new entry too.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import express5 from 'express'
import express4 from 'express4'
import Koa from 'koa'
import type { Express, Response as ExpressResponse } from 'express'
import type { VerifiedWebhook, Verifier } from '@hookwarden/core'
import { createExpressMiddleware, webhookOf as expressWebhookOf } from '@hookwarden/express'
import { createFetchHandler } from '@hookwarden/fetch'
import { createKoaMiddleware, webhookOf as koaWebhookOf } from '@hookwarden/koa'
import { createNodeHandler } from '@hookwarden/node'
import { fastifyWebhook, webhookOf as fastifyWebhookOf } from '@hookwarden/fastify'
import { UseWebhook, Webhook } from '@hookwarden/nestjs'
import 'reflect-metadata'
import { Controller, Module, Post, Res } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import fastify from 'fastify'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'
import { webhookMiddleware, type WebhookEnv } from '@hookwarden/hono'
import { createLambdaHandler } from '@hookwarden/lambda'

/** What the application does with a verified delivery: answer a status, or throw. */
export type FaultHandler = (webhook: VerifiedWebhook) => Promise<number>

export interface Served {
  /** Where the sender posts deliveries. */
  readonly url: string
  close(): Promise<void>
}

export interface Adapter {
  readonly name: string
  /** Serves `handler` behind the adapter with `verifier`, on a real socket. */
  start(verifier: Verifier, handler: FaultHandler): Promise<Served>
}

const answer = (status: number) => JSON.stringify({ status })

/** Serves a Node request listener on 127.0.0.1 port 0. */
export async function serveListener(listener: RequestListener): Promise<Served> {
  const server: Server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** A minimal node:http → `Request` bridge: the body streams, so a hang-up mid-body breaks it off. */
function fetchListener(app: (request: Request) => Promise<Response>): RequestListener {
  return (req: IncomingMessage, res) => {
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value)
      else for (const each of value ?? []) headers.append(name, each)
    }
    const body = Readable.toWeb(req) as ReadableStream<Uint8Array>
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers,
      body,
      duplex: 'half',
    } as RequestInit)
    app(request).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(Buffer.from(await response.arrayBuffer()))
      },
      () => res.writeHead(500).end(),
    )
  }
}

interface ExpressModule {
  (): Express
}

function expressAdapter(name: string, express: ExpressModule): Adapter {
  return {
    name,
    start(verifier, handler) {
      const app = express()
      app.post('/hooks', createExpressMiddleware(verifier), (req, res, next) => {
        // Express 4 does not catch rejected promises: hand errors to next() explicitly.
        handler(expressWebhookOf(req)).then(
          (status) => res.status(status).type('json').send(answer(status)),
          next,
        )
      })
      app.use(
        (_error: unknown, _req: unknown, res: ExpressResponse, _next: unknown) =>
          void res.status(500).end(),
      )
      return serveListener(app)
    },
  }
}

/** NestJS (platform-express): the controller decorated by calls, as the conformance harness does. */
function nestAdapter(): Adapter {
  return {
    name: 'nestjs',
    async start(verifier, handler) {
      class Hooks {
        async receive(webhook: VerifiedWebhook, res: ExpressResponse) {
          const status = await handler(webhook)
          res.status(status).type('json')
          return answer(status)
        }
      }
      const descriptor = Object.getOwnPropertyDescriptor(Hooks.prototype, 'receive')
      if (descriptor === undefined) throw new Error('no receive method')
      Reflect.decorate(
        [Post('hooks'), UseWebhook(verifier)],
        Hooks.prototype,
        'receive',
        descriptor,
      )
      Webhook()(Hooks.prototype, 'receive', 0)
      Res({ passthrough: true })(Hooks.prototype, 'receive', 1)
      Controller()(Hooks)
      class AppModule {}
      Module({ controllers: [Hooks] })(AppModule)
      const app = await NestFactory.create(AppModule, new ExpressAdapter(), {
        rawBody: true,
        logger: false,
      })
      await app.listen(0, '127.0.0.1')
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1')
      return { url: `${base}/hooks`, close: () => app.close() }
    },
  }
}

/** Lambda behind an HTTP bridge that plays API Gateway (HTTP API, payload 2.0). */
function lambdaAdapter(): Adapter {
  return {
    name: 'lambda',
    start(verifier, handler) {
      const lambda = createLambdaHandler(verifier, async (webhook) => {
        const status = await handler(webhook)
        return {
          statusCode: status,
          headers: { 'content-type': 'application/json' },
          body: answer(status),
        }
      })
      return serveListener((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (chunk: Buffer) => chunks.push(chunk))
        req.on('end', () => {
          const headers: Record<string, string> = {}
          for (const [name, value] of Object.entries(req.headers))
            if (value !== undefined) headers[name] = [value].flat().join(',')
          const event = {
            version: '2.0',
            routeKey: '$default',
            rawPath: '/hooks',
            rawQueryString: '',
            headers,
            requestContext: { domainName: '127.0.0.1', http: { method: req.method ?? 'POST' } },
            body: Buffer.concat(chunks).toString('base64'),
            isBase64Encoded: true,
          }
          // A thrown handler error reaches Lambda as a failed invocation: API Gateway answers 502.
          lambda(event, {}).then(
            (result) => {
              const body = typeof result.body === 'string' ? result.body : ''
              res.writeHead(result.statusCode, { 'content-type': 'application/json' }).end(body)
            },
            () => res.writeHead(502).end(),
          )
        })
      })
    },
  }
}

/** Every adapter, × every store, × every fault. */
export const ADAPTERS: readonly Adapter[] = [
  expressAdapter('express 5', express5),
  expressAdapter('express 4', express4),
  {
    name: 'koa',
    start(verifier, handler) {
      const app = new Koa()
      app.silent = true // handler errors are provoked on purpose
      app.use(createKoaMiddleware(verifier))
      app.use(async (ctx) => {
        const status = await handler(koaWebhookOf(ctx))
        ctx.status = status
        ctx.type = 'json'
        ctx.body = answer(status)
      })
      return serveListener(app.callback())
    },
  },
  {
    name: 'fetch',
    start(verifier, handler) {
      const app = createFetchHandler(verifier, async (_request, webhook) => {
        const status = await handler(webhook)
        return new Response(answer(status), {
          status,
          headers: { 'content-type': 'application/json' },
        })
      })
      return serveListener(fetchListener(app))
    },
  },
  {
    name: 'fastify',
    async start(verifier, handler) {
      const app = fastify()
      await app.register(async (scope) => {
        await scope.register(fastifyWebhook, { verifier })
        scope.post('/hooks', async (request, reply) => {
          const status = await handler(fastifyWebhookOf(request))
          return reply.code(status).type('application/json').send(answer(status))
        })
      })
      const base = await app.listen({ port: 0, host: '127.0.0.1' })
      return { url: `${base}/hooks`, close: () => app.close() }
    },
  },
  nestAdapter(),
  {
    name: 'hono',
    start(verifier, handler) {
      const app = new Hono<WebhookEnv>()
      app.post('/hooks', webhookMiddleware(verifier), async (c) => {
        const status = await handler(c.get('webhook'))
        return c.body(answer(status), status as 200, { 'content-type': 'application/json' })
      })
      app.onError((_error, c) => c.body(null, 500))
      return serveListener(
        createAdaptorServer({ fetch: app.fetch }).listeners('request')[0] as RequestListener,
      )
    },
  },
  lambdaAdapter(),
  {
    name: 'node',
    start(verifier, handler) {
      const listener = createNodeHandler(verifier, async (_req, res, webhook) => {
        const status = await handler(webhook)
        res.writeHead(status, { 'content-type': 'application/json' }).end(answer(status))
      })
      // createNodeHandler rethrows the handler's error to the host after answering 500.
      return serveListener((req, res) => void listener(req, res).catch(() => undefined))
    },
  },
]
