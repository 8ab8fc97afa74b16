/** Checkout.com: hex HMAC-SHA256 of the raw body in `Cko-Signature` (expected values: node:crypto). */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'

const secret = 'cko-webhook-signature-key'
const body = '{"id":"evt_1","type":"payment_approved","data":{"amount":100,"note":"©®™"}}'
const sig = createHmac('sha256', secret).update(body, 'utf8').digest('hex')
const verify = (request: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(presets.checkoutCom({ secret })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('checkoutCom', () => {
  it('accepts a signed delivery', async () => {
    const result = await verify({ headers: { 'Cko-Signature': sig }, body })
    expect(result.ok && result.webhook.check).toBe('checkoutCom')
  })

  it('rejects a tampered body, a wrong secret, a missing and a malformed signature', async () => {
    expect(code(await verify({ headers: { 'cko-signature': sig }, body: `${body}\n` }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    const wrong = createHmac('sha256', 'wrong').update(body).digest('hex')
    expect(code(await verify({ headers: { 'cko-signature': wrong }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await verify({ headers: {}, body }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    const b64 = createHmac('sha256', secret).update(body).digest('base64')
    expect(code(await verify({ headers: { 'cko-signature': b64 }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })
})
