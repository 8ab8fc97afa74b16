import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import Stripe from 'stripe'
import { afterAll, beforeAll, expect, it } from 'vitest'
// @ts-expect-error: a plain JavaScript example
import { createApp } from './server.mjs'

const secret = 'whsec_example'
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid' })
let server: Server
let url = ''

beforeAll(async () => {
  server = createApp(secret).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`
})
afterAll(() => server.close())

// Signed by Stripe's own SDK, as Stripe would sign it.
const stripeHeader = (payload: string) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret })

it('accepts a delivery signed by the Stripe SDK', async () => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'stripe-signature': stripeHeader(body) },
    body,
  })
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ received: 'invoice.paid' })
})

it('rejects a tampered body', async () => {
  const headers = { 'stripe-signature': stripeHeader(body) }
  const response = await fetch(url, { method: 'POST', headers, body: body.replace('paid', 'void') })
  expect(response.status).toBe(401)
  expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
})
