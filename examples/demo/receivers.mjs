/**
 * One receiver per adapter, each a real server on 127.0.0.1 with a route `/hooks/<preset>` per
 * sender (GET and POST, for the handshakes that probe with a GET). Every route has its own
 * verifier and memory replay store, as each deployment would; the handler answers
 * `{"handled":true}`, so a reply without it was not the handler's.
 */
import 'reflect-metadata'
import { createServer } from 'node:http'
import { Readable } from 'node:stream'
import { createAdaptorServer } from '@hono/node-server'
import { All, Controller, HttpCode, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import Koa from 'koa'
import { createExpressMiddleware } from '@hookwarden/express'
import { fastifyWebhook } from '@hookwarden/fastify'
import { createFetchHandler } from '@hookwarden/fetch'
import { webhookMiddleware } from '@hookwarden/hono'
import { createKoaMiddleware } from '@hookwarden/koa'
import { createLambdaHandler } from '@hookwarden/lambda'
import { UseWebhook, Webhook } from '@hookwarden/nestjs'
import { createNodeHandler } from '@hookwarden/node'

const HANDLED = { handled: true }
const path = (name) => `/hooks/${name}`

/** A `node:http` server on 127.0.0.1, port 0: its base URL and how to close it. */
async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    stop: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

function expressReceiver(names, verifierFor) {
  const app = express()
  for (const name of names)
    app.all(path(name), createExpressMiddleware(verifierFor(name)), (_req, res) =>
      res.json(HANDLED),
    )
  return listen(createServer(app))
}

function koaReceiver(names, verifierFor) {
  const app = new Koa()
  const routes = new Map(names.map((name) => [path(name), createKoaMiddleware(verifierFor(name))]))
  app.use(async (ctx) => {
    const verify = routes.get(ctx.path)
    if (verify) await verify(ctx, async () => void (ctx.body = HANDLED))
  })
  return listen(createServer(app.callback()))
}

/** Node's request as a web `Request` (what a Node fetch server such as @hono/node-server does). */
function toRequest(req) {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers))
    headers.set(key, [value].flat().join(', '))
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req), duplex: 'half' } : {}),
  })
}

/** A `(Request) => Response` app behind a small node:http bridge. */
function serveFetch(app) {
  return listen(
    createServer(async (req, res) => {
      const response = await app(toRequest(req))
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    }),
  )
}

function fetchReceiver(names, verifierFor) {
  const handlers = new Map(
    names.map((name) => [
      path(name),
      createFetchHandler(verifierFor(name), async () => Response.json(HANDLED)),
    ]),
  )
  return serveFetch(async (request) => {
    const handler = handlers.get(new URL(request.url).pathname)
    return handler ? handler(request) : new Response(null, { status: 404 })
  })
}

function nodeReceiver(names, verifierFor) {
  const handlers = new Map(
    names.map((name) => [
      path(name),
      createNodeHandler(verifierFor(name), (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(HANDLED)),
      ),
    ]),
  )
  return listen(
    createServer((req, res) => {
      const handler = handlers.get(new URL(req.url, 'http://localhost').pathname)
      if (handler) handler(req, res)
      else res.writeHead(404).end()
    }),
  )
}

async function fastifyReceiver(names, verifierFor) {
  const app = Fastify()
  for (const name of names) {
    await app.register(async (scope) => {
      await scope.register(fastifyWebhook, { verifier: verifierFor(name) })
      scope.route({ method: ['GET', 'POST'], url: path(name), handler: async () => HANDLED })
    })
  }
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  return { base, stop: () => app.close() }
}

/** NestJS on platform-express: one `@All` route per sender behind `@UseWebhook` (decorators called as functions). */
async function nestReceiver(names, verifierFor) {
  class Hooks {}
  for (const [index, name] of names.entries()) {
    const method = `receive${index}`
    const descriptor = { value: () => HANDLED, writable: true, configurable: true }
    Object.defineProperty(Hooks.prototype, method, descriptor)
    const decorators = [All(path(name)), HttpCode(200), UseWebhook(verifierFor(name))]
    Reflect.decorate(decorators, Hooks.prototype, method, descriptor)
    Webhook()(Hooks.prototype, method, 0)
  }
  Controller()(Hooks)
  class AppModule {}
  Module({ controllers: [Hooks] })(AppModule)
  const app = await NestFactory.create(AppModule, new ExpressAdapter(), {
    rawBody: true,
    logger: false,
  })
  await app.listen(0, '127.0.0.1')
  return { base: (await app.getUrl()).replace('[::1]', '127.0.0.1'), stop: () => app.close() }
}

function honoReceiver(names, verifierFor) {
  const app = new Hono()
  for (const name of names)
    app.on(['GET', 'POST'], path(name), webhookMiddleware(verifierFor(name)), (c) =>
      c.json(HANDLED),
    )
  return listen(createAdaptorServer({ fetch: app.fetch }))
}

/** The HTTP request as API Gateway (payload 2.0) hands it to a function: Base64 body, raw path and query. */
async function toApiGatewayEvent(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  const url = new URL(req.url, 'http://localhost')
  const headers = {}
  for (const [name, value] of Object.entries(req.headers)) headers[name] = [value].flat().join(',')
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      domainName: req.headers.host,
      http: { method: req.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      requestId: crypto.randomUUID(),
      stage: '$default',
      timeEpoch: Date.now(),
    },
    body: Buffer.concat(chunks).toString('base64'),
    isBase64Encoded: true,
  }
}

/** Lambda functions behind an HTTP bridge that plays API Gateway (HTTP API, payload 2.0). */
function lambdaReceiver(names, verifierFor) {
  const functions = new Map(
    names.map((name) => [
      path(name),
      createLambdaHandler(verifierFor(name), () => ({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(HANDLED),
      })),
    ]),
  )
  return listen(
    createServer(async (req, res) => {
      const event = await toApiGatewayEvent(req)
      const handler = functions.get(event.rawPath)
      if (handler === undefined) return void res.writeHead(404).end()
      const result = await handler(event, {})
      const body = Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
      res.writeHead(result.statusCode, result.headers).end(body)
    }),
  )
}

/** Each adapter's column name, title and how to start its receiver. */
export const RECEIVERS = [
  { column: 'expr', title: 'Express, @hookwarden/express', start: expressReceiver },
  { column: 'koa', title: 'Koa, @hookwarden/koa', start: koaReceiver },
  { column: 'fetch', title: '@hookwarden/fetch via node:http', start: fetchReceiver },
  { column: 'node', title: 'node:http, @hookwarden/node', start: nodeReceiver },
  { column: 'fasty', title: 'Fastify, @hookwarden/fastify', start: fastifyReceiver },
  { column: 'nest', title: 'NestJS, @hookwarden/nestjs', start: nestReceiver },
  { column: 'hono', title: 'Hono, @hookwarden/hono', start: honoReceiver },
  { column: 'lambda', title: 'Lambda via an API Gateway v2 bridge', start: lambdaReceiver },
]
