/**
 * The conformance receiver as one Hono app: `webhookMiddleware` per route, plus a stats endpoint.
 * Uses no Node APIs: the runtime tests bundle it into workerd, Bun and Deno.
 */
import { Hono, type Context } from 'hono'
import { webhookMiddleware, type WebhookEnv } from '@hookwarden/hono'
import type { Stats } from './fetch-app.js'
import { createRoutes, echo, errorRecord } from './routes.js'

/**
 * `/<route>` verifies with the route's check; `/parsed/<route>` runs a middleware that reads
 * `c.req.text()` first, so the answer must be 500 `ERR_WEBHOOK_BODY_UNAVAILABLE`.
 * `GET /__stats` reports handler calls and `onError` calls.
 */
export function createHonoApp(): Hono {
  const stats: Stats = { calls: 0, errors: [] }
  const app = new Hono()
  app.get('/__stats', (c) => c.json(stats))
  const handler = async (c: Context<WebhookEnv>) => {
    stats.calls++
    return c.json(await echo(c.get('webhook')))
  }
  for (const [path, route] of Object.entries(createRoutes())) {
    const webhook = () =>
      webhookMiddleware(route.check, {
        ...(route.limit === undefined ? {} : { limit: route.limit }),
        onError: (error) => stats.errors.push(errorRecord(path, error)),
      })
    app.on(['GET', 'POST'], path, webhook(), handler)
    app.post(
      `/parsed${path}`,
      async (c, next) => {
        await c.req.text()
        await next()
      },
      webhook(),
      handler,
    )
  }
  return app
}
