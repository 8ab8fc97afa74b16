/**
 * Razorpay: hex HMAC-SHA256 of the raw body, checked against the razorpay SDK's own
 * `validateWebhookSignature` and node:crypto.
 */
import { createHmac } from 'node:crypto'
import Razorpay from 'razorpay'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'

const secret = 'rzp_webhook_secret_123'
const body = '{"entity":"event","event":"payment.captured","payload":{"note":"Zoë"}}'
const sig = createHmac('sha256', secret).update(body, 'utf8').digest('hex')
const verify = (request: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(presets.razorpay({ secret })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('razorpay', () => {
  it('agrees with the SDK on the expected signature', () => {
    expect(Razorpay.validateWebhookSignature(body, sig, secret)).toBe(true)
  })

  it('accepts a delivery the SDK validates, in either hex case', async () => {
    const result = await verify({ headers: { 'X-Razorpay-Signature': sig }, body })
    expect(result.ok && result.webhook.check).toBe('razorpay')
    expect(
      (await verify({ headers: { 'x-razorpay-signature': sig.toUpperCase() }, body })).ok,
    ).toBe(true)
  })

  it('rejects a tampered body and a wrong secret', async () => {
    expect(code(await verify({ headers: { 'x-razorpay-signature': sig }, body: body + ' ' }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    const other = createHmac('sha256', 'another').update(body).digest('hex')
    expect(code(await verify({ headers: { 'x-razorpay-signature': other }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects a missing or malformed signature', async () => {
    expect(code(await verify({ headers: {}, body }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(code(await verify({ headers: { 'x-razorpay-signature': sig.slice(2) }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(code(await verify({ headers: { 'x-razorpay-signature': `sha256=${sig}` }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('signs requests the SDK validates', async () => {
    const signed = await signRequest(presets.razorpay({ secret }), { body })
    const header = signed.headers['x-razorpay-signature'] ?? ''
    expect(Razorpay.validateWebhookSignature(body, header, secret)).toBe(true)
  })

  it('names the nearest option for a typo', () => {
    expect(() => presets.razorpay({ secrets: secret } as never)).toThrow(/secret/)
  })
})
