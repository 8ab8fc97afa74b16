/**
 * Standard Webhooks (Svix, Clerk, Resend, ...) on Hono. `createFetchHandler` takes the raw
 * `Request`; Hono's context passes through as the handler's third argument.
 */
import { Hono, type Context } from 'hono'
import { presets } from '@hookwarden/core'
import { createFetchHandler } from '@hookwarden/fetch'

export function createApp(secret: string): Hono {
  const app = new Hono()
  const webhook = createFetchHandler(
    presets.standardWebhooks({ secret }),
    async (_request, webhook, c: Context) =>
      c.json({ id: webhook.id, type: webhook.json<{ type: string }>().type }),
  )
  app.post('/webhooks', (c) => webhook(c.req.raw, c))
  return app
}
