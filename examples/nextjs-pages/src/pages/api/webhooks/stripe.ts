/**
 * Stripe webhooks as a Next.js Pages Router API route: POST /api/webhooks/stripe. Next.js parses
 * API route bodies by default, which loses the signed bytes: `bodyParser: false` keeps the stream
 * for `createNodeHandler` to read. (`NextApiRequest` and `NextApiResponse` extend the Node types.)
 */
import { presets } from '@hookwarden/core'
import { createNodeHandler } from '@hookwarden/node'

const secret = process.env['STRIPE_WEBHOOK_SECRET']
if (!secret) throw new Error('set STRIPE_WEBHOOK_SECRET')

export const config = { api: { bodyParser: false } }

export default createNodeHandler(presets.stripe({ secret }), async (_req, res, webhook) => {
  const event = webhook.json<{ type: string }>()
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({ received: event.type }))
})
