/**
 * Fastify and NestJS harnesses: every route of `createRoutes()` behind `fastifyWebhook` or
 * `@UseWebhook`, on a real server at 127.0.0.1 port 0. Nest's controllers are decorated by calling
 * the decorators (this file is type-checked without `experimentalDecorators`).
 */
import 'reflect-metadata'
import { All, Controller, HttpCode, Module, type INestApplication } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify'
import type { FastifyInstance } from 'fastify'
import type { VerifiedWebhook, WebhookError } from '@hookwarden/core'
import { fastifyWebhook, webhookOf } from '@hookwarden/fastify'
import { UseWebhook, Webhook } from '@hookwarden/nestjs'
import type { Stats } from './fetch-app.js'
import { sendHttp, type Harness } from './harness.js'
import { createRoutes, echo, errorRecord } from './routes.js'
import type { Scenario } from './scenarios.js'

type Setup = 'plain' | 'parsed'
const prefix = (setup: Setup) => (setup === 'plain' ? '' : `/${setup}`)

/** Fastify 4 or 5, given its factory: one encapsulated scope per route and setup. */
export function fastifyHarness(name: string, fastify: () => FastifyInstance): Harness {
  const stats: Stats = { calls: 0, errors: [] }
  let app: FastifyInstance
  let base = ''
  return {
    name,
    kind: 'fastify',
    async start() {
      app = fastify()
      for (const setup of ['plain', 'parsed'] as const) {
        for (const [path, route] of Object.entries(createRoutes())) {
          await app.register(async (scope) => {
            await scope.register(fastifyWebhook, {
              verifier: route.check,
              ...(route.limit === undefined ? {} : { limit: route.limit }),
              onError: (error: WebhookError) => stats.errors.push(errorRecord(path, error)),
            })
            // A JSON parser added to the webhook scope consumes the body first.
            if (setup === 'parsed')
              scope.addContentTypeParser(
                'application/json',
                { parseAs: 'string' },
                (_r, body, done) => done(null, JSON.parse(String(body))),
              )
            scope.route({
              method: ['GET', 'POST'],
              url: prefix(setup) + path,
              handler: async (request) => {
                stats.calls++
                return echo(webhookOf(request))
              },
            })
          })
        }
      }
      base = await app.listen({ port: 0, host: '127.0.0.1' })
    },
    stop: () => app.close(),
    send: (path, delivery) => sendHttp(base, path, delivery),
    stats: async () => structuredClone(stats),
  }
}

/** A controller with one `@All` route per conformance route, each behind `@UseWebhook`. */
function webhookController(setup: Setup, stats: Stats): new () => object {
  class Hooks {}
  for (const [index, [path, route]] of Object.entries(createRoutes()).entries()) {
    const method = `route${index}`
    const descriptor = {
      value: async (webhook: VerifiedWebhook) => {
        stats.calls++
        return echo(webhook)
      },
      writable: true,
      configurable: true,
    }
    const options = {
      ...(route.limit === undefined ? {} : { limit: route.limit }),
      onError: (error: WebhookError) => stats.errors.push(errorRecord(path, error)),
    }
    const decorators = [All(prefix(setup) + path), HttpCode(200), UseWebhook(route.check, options)]
    Object.defineProperty(Hooks.prototype, method, descriptor)
    Reflect.decorate(decorators, Hooks.prototype, method, descriptor)
    Webhook()(Hooks.prototype, method, 0)
  }
  Controller()(Hooks)
  return Hooks
}

async function startNest(platform: 'express' | 'fastify', setup: Setup, stats: Stats) {
  class AppModule {}
  Module({ controllers: [webhookController(setup, stats)] })(AppModule)
  // `plain`: Nest keeps the raw bytes (rawBody: true); `parsed`: it parses JSON and keeps nothing.
  const options = { rawBody: setup === 'plain', logger: false as const }
  let app: INestApplication
  if (platform === 'express') {
    app = await NestFactory.create(AppModule, new ExpressAdapter(), options)
  } else {
    const fastifyApp = await NestFactory.create<NestFastifyApplication>(
      AppModule,
      new FastifyAdapter(),
      options,
    )
    // Fastify answers 415 to content types without a parser: take the rest as bytes, once Nest's
    // own JSON parser (the one that keeps rawBody) is in place, or Nest would skip it.
    await fastifyApp.init()
    fastifyApp.useBodyParser('*')
    app = fastifyApp
  }
  await app.listen(0, '127.0.0.1')
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') }
}

/**
 * On platform-fastify, Fastify's parsers run before any interceptor: a streamed oversized body
 * gets Fastify's own 413, and an empty `application/json` body its 400.
 */
function parsedByFastifyFirst(scenario: Scenario): boolean {
  const delivery = scenario.deliver()
  if (delivery instanceof Promise) return false
  const { body, headers } = delivery
  return (
    !(body instanceof Uint8Array) ||
    (body.length === 0 && headers['content-type'] === 'application/json')
  )
}

/** NestJS on platform-express or platform-fastify: a rawBody app and a parsing one. */
export function nestHarness(name: string, platform: 'express' | 'fastify'): Harness {
  const stats: Stats = { calls: 0, errors: [] }
  const apps: { app: INestApplication; base: string }[] = []
  return {
    name,
    kind: 'nestjs',
    ...(platform === 'fastify' ? { skip: parsedByFastifyFirst } : {}),
    async start() {
      apps.push(
        await startNest(platform, 'plain', stats),
        await startNest(platform, 'parsed', stats),
      )
    },
    async stop() {
      await Promise.all(apps.map(({ app }) => app.close()))
    },
    send: (path, delivery) =>
      sendHttp(apps[path.startsWith('/parsed/') ? 1 : 0]!.base, path, delivery),
    stats: async () => structuredClone(stats),
  }
}
