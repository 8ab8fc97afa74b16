/** Sentry: `Sentry-Hook-Signature: <hex>` over the raw body; expected values from node:crypto. */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'sentry-client-secret-0123456789abcdef'
const BODY = '{"action":"created","data":{"issue":{"id":"1"}},"installation":{"uuid":"u"}}'
const hex = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex')
const verify = (request: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(presets.sentry({ secret: SECRET })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (value: string, body = BODY): WebhookRequest => ({
  headers: {
    'Sentry-Hook-Signature': value,
    'Sentry-Hook-Resource': 'issue',
    'Sentry-Hook-Timestamp': '1700000000',
  },
  body,
})

describe('sentry', () => {
  it('accepts the hex HMAC of the raw body and reports its name', async () => {
    const result = await verify(signed(hex(SECRET, BODY)))
    expect(result.ok && result.webhook.check).toBe('sentry')
  })

  it('ignores the unsigned Sentry-Hook-Timestamp (no tolerance applies)', async () => {
    const result = await verify(signed(hex(SECRET, BODY)))
    expect(result.ok && result.webhook.timestamp).toBeUndefined()
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(hex(SECRET, BODY), BODY.replace('1', '2'))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(hex('not-it', BODY))))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it.each([
    ['a sha256= prefix', `sha256=${'a'.repeat(64)}`],
    ['Base64', createHmac('sha256', SECRET).update(BODY).digest('base64')],
    ['a truncated digest', 'ab'.repeat(20)],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a missing header: SIGNATURE_MISSING', async () => {
    expect(code(await verify({ headers: {}, body: BODY }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signRequest writes what node:crypto computes', async () => {
    const { headers } = await signRequest(presets.sentry({ secret: SECRET }), { body: BODY })
    expect(headers).toEqual({ 'sentry-hook-signature': hex(SECRET, BODY) })
  })
})
