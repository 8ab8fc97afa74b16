import Stripe from 'stripe'
import { beforeAll, expect, it } from 'vitest'

const secret = 'whsec_next_example'
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed' })
let POST: (request: Request) => Promise<Response>

beforeAll(async () => {
  process.env['STRIPE_WEBHOOK_SECRET'] = secret // as Next.js loads it from .env before the route
  ;({ POST } = await import('./src/app/api/webhooks/stripe/route.js'))
})

const request = (headers: Record<string, string>, payload = body) =>
  new Request('http://localhost:3000/api/webhooks/stripe', {
    method: 'POST',
    headers,
    body: payload,
  })

it('accepts a delivery signed by the Stripe SDK', async () => {
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret })
  const response = await POST(request({ 'stripe-signature': header }))
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ received: 'checkout.session.completed' })
})

it('rejects a delivery signed with another secret', async () => {
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_other' })
  const response = await POST(request({ 'stripe-signature': header }))
  expect(response.status).toBe(401)
  expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
})
