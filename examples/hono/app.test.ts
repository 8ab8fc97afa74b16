import { Webhook } from 'standardwebhooks'
import { expect, it } from 'vitest'
import { createApp } from './src/app.js'

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const body = '{"type":"user.created"}'
const app = createApp(secret)

// Signed by the official Standard Webhooks SDK.
function headers(id: string, key = secret): Record<string, string> {
  const at = new Date()
  const signature = new Webhook(key).sign(id, at, body)
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  }
}

it('accepts a delivery signed by the Standard Webhooks SDK', async () => {
  const response = await app.request('/webhooks', {
    method: 'POST',
    headers: headers('msg_1'),
    body,
  })
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ id: 'msg_1', type: 'user.created' })
})

it('rejects a delivery signed with another key', async () => {
  const response = await app.request('/webhooks', {
    method: 'POST',
    headers: headers(
      'msg_2',
      'whsec_' + Buffer.from('another key of thirty two bytes!').toString('base64'),
    ),
    body,
  })
  expect(response.status).toBe(401)
  expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
})
