/** Paystack: hex HMAC-SHA512 of the raw body with the secret key (expected values: node:crypto). */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'

const secret = 'sk_test_hookwarden0000000000000000000000'
const body = '{"event":"charge.success","data":{"id":302961,"amount":10000,"currency":"NGN"}}'
const sig = createHmac('sha512', secret).update(body, 'utf8').digest('hex')
const verify = (request: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(presets.paystack({ secret })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('paystack', () => {
  it('accepts an HMAC-SHA512 signed delivery', async () => {
    const result = await verify({ headers: { 'x-paystack-signature': sig }, body })
    expect(result.ok && result.webhook.check).toBe('paystack')
  })

  it('accepts non-UTF-8 body bytes as signed', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])
    const header = createHmac('sha512', secret).update(bytes).digest('hex')
    expect((await verify({ headers: { 'x-paystack-signature': header }, body: bytes })).ok).toBe(
      true,
    )
  })

  it('rejects a tampered body and a wrong secret', async () => {
    expect(
      code(
        await verify({
          headers: { 'x-paystack-signature': sig },
          body: body.replace('10000', '90000'),
        }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const wrong = createHmac('sha512', 'sk_test_other').update(body).digest('hex')
    expect(code(await verify({ headers: { 'x-paystack-signature': wrong }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects a SHA-256 digest, junk and a missing header', async () => {
    const sha256 = createHmac('sha256', secret).update(body).digest('hex')
    expect(code(await verify({ headers: { 'x-paystack-signature': sha256 }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(
      code(await verify({ headers: { 'x-paystack-signature': `${sig.slice(1)}g` }, body })),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(code(await verify({ headers: {}, body }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signs what node:crypto expects', async () => {
    const signed = await signRequest(presets.paystack({ secret }), { body })
    expect(signed.headers['x-paystack-signature']).toBe(sig)
  })
})
