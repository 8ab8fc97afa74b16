// Stripe webhooks on Koa: `STRIPE_WEBHOOK_SECRET=whsec_... node server.mjs`, then POST /webhooks/stripe.
import { fileURLToPath } from 'node:url'
import Router from '@koa/router'
import Koa from 'koa'
import { presets } from '@hookwarden/core'
import { createKoaMiddleware } from '@hookwarden/koa'

/** The app, given the endpoint's signing secret (a function so tests can build it). */
export function createApp(secret) {
  const app = new Koa()
  const router = new Router()

  router.post('/webhooks/stripe', createKoaMiddleware(presets.stripe({ secret })), (ctx) => {
    const event = ctx.state.webhook.json()
    ctx.body = { received: event.type }
  })

  app.use(router.routes())
  return app
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secret = process.env.STRIPE_WEBHOOK_SECRET
  if (!secret) throw new Error('set STRIPE_WEBHOOK_SECRET')
  const server = createApp(secret).listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}/webhooks/stripe`)
  })
}
