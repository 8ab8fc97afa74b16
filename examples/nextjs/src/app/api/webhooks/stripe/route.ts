/**
 * Stripe webhooks as a Next.js App Router route handler: POST /api/webhooks/stripe. Works on the
 * Node.js and the Edge runtime; the body is read once, as bytes, by the handler.
 */
import { presets } from '@hookwarden/core'
import { createFetchHandler } from '@hookwarden/fetch'

const secret = process.env['STRIPE_WEBHOOK_SECRET']
if (!secret) throw new Error('set STRIPE_WEBHOOK_SECRET')

export const POST = createFetchHandler(presets.stripe({ secret }), async (_request, webhook) => {
  const event = webhook.json<{ type: string }>()
  return Response.json({ received: event.type })
})
