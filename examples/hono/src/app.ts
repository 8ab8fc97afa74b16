/**
 * Standard Webhooks (Svix, Clerk, Resend, ...) on Hono. `webhookMiddleware` verifies and sets
 * `c.get('webhook')`, typed; each delivery is handled once, released if the route fails.
 */
import { Hono } from 'hono'
import { presets } from '@hookwarden/core'
import { webhookMiddleware } from '@hookwarden/hono'

export function createApp(secret: string): Hono {
  const app = new Hono()
  app.post('/webhooks', webhookMiddleware(presets.standardWebhooks({ secret })), (c) => {
    const webhook = c.get('webhook')
    return c.json({ id: webhook.id, type: webhook.json<{ type: string }>().type })
  })
  return app
}
