import { createHmac } from 'node:crypto'
import type { INestApplication } from '@nestjs/common'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createApp } from './app.js'

const secret = 'whsec_example_secret'
const body = '{"id":"evt_1","type":"invoice.paid"}'
let app: INestApplication
let url = ''

// Signed as Stripe documents it: HMAC-SHA256 of `${t}.${body}`, hex, in `t=...,v1=...`.
const stripeSignature = (key: string) => {
  const t = Math.floor(Date.now() / 1000)
  return `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`
}
const send = (signature: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body,
  })

beforeAll(async () => {
  app = await createApp(secret)
  await app.listen(0, '127.0.0.1')
  url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/webhooks/stripe`
})
afterAll(() => app.close())

it('accepts a delivery Stripe would sign, once', async () => {
  const signature = stripeSignature(secret)
  const response = await send(signature)
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ received: 'invoice.paid' })
  expect(await (await send(signature)).json()).toStrictEqual({ duplicate: true })
})

it('rejects a delivery signed with another secret', async () => {
  const response = await send(stripeSignature('whsec_wrong'))
  expect(response.status).toBe(401)
  expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
})
