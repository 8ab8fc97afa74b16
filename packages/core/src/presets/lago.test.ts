/** Lago (HMAC endpoints): `X-Lago-Signature: <base64>` over the raw body; values from node:crypto. */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'lago-hmac-key-1234'
const BODY = '{"webhook_type":"invoice.created","object_type":"invoice","invoice":{"lago_id":"x"}}'
const b64 = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('base64')
const verify = (request: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(presets.lago({ secret: SECRET })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (value: string, body = BODY): WebhookRequest => ({
  headers: {
    'X-Lago-Signature': value,
    'X-Lago-Signature-Algorithm': 'hmac',
    'X-Lago-Unique-Key': 'b4b3c7e0-0000-4000-8000-000000000001',
  },
  body,
})

describe('lago', () => {
  it('accepts the Base64 HMAC of the raw body and reports its name', async () => {
    const result = await verify(signed(b64(SECRET, BODY)))
    expect(result.ok && result.webhook.check).toBe('lago')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(b64(SECRET, BODY), BODY.replace('"x"', '"y"'))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(b64('other-key', BODY))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['a JWT-signed endpoint', 'eyJhbGciOiJSUzI1NiJ9.eyJkYXRhIjoie30ifQ.c2ln'],
    ['hex', createHmac('sha256', SECRET).update(BODY).digest('hex')],
    ['Base64 without padding', b64(SECRET, BODY).replace(/=+$/, '')],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a missing header: SIGNATURE_MISSING', async () => {
    expect(code(await verify({ headers: {}, body: BODY }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signRequest writes what node:crypto computes', async () => {
    const { headers } = await signRequest(presets.lago({ secret: SECRET }), { body: BODY })
    expect(headers).toEqual({ 'x-lago-signature': b64(SECRET, BODY) })
  })
})
