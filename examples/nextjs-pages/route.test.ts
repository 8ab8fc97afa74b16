import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeAll, expect, it } from 'vitest'

const secret = 'whsec_pages_example'
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid' })
let server: Server
let url = ''
let config: unknown

// Next.js calls a Pages Router API route as (req, res) on its Node server; with
// `bodyParser: false` the body is left unread, as on a plain node:http server.
beforeAll(async () => {
  process.env['STRIPE_WEBHOOK_SECRET'] = secret // as Next.js loads it from .env before the route
  const route = await import('./src/pages/api/webhooks/stripe.js')
  config = route.config
  const handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> = route.default
  server = createServer((req, res) => void handler(req, res).catch(() => undefined))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

it('turns off the Next.js body parser for the route', () => {
  expect(config).toStrictEqual({ api: { bodyParser: false } })
})

it('accepts a delivery signed by the Stripe SDK', async () => {
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret })
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'stripe-signature': header },
    body,
  })
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ received: 'invoice.paid' })
})

it('rejects a delivery signed with another secret', async () => {
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_other' })
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'stripe-signature': header },
    body,
  })
  expect(response.status).toBe(401)
  expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
})
