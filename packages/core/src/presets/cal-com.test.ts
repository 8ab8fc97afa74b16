/** Cal.com: `X-Cal-Signature-256: <hex>` over the raw body; expected values from node:crypto. */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'cal-secret'
const BODY = '{"triggerEvent":"BOOKING_CREATED","payload":{"uid":"abc","title":"Café"}}'
const hex = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex')
const verify = (request: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(presets.calCom({ secret: SECRET })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (value: string, body = BODY): WebhookRequest => ({
  headers: { 'X-Cal-Signature-256': value },
  body,
})

describe('calCom', () => {
  it('accepts the hex HMAC of the raw body and reports its name', async () => {
    const result = await verify(signed(hex(SECRET, BODY)))
    expect(result.ok && result.webhook.check).toBe('calCom')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(hex(SECRET, BODY), `${BODY}\n`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(hex('cal-other', BODY))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['the no-secret placeholder', 'no-secret-provided'],
    ['a sha256= prefix', `sha256=${'0'.repeat(64)}`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a missing header: SIGNATURE_MISSING', async () => {
    expect(code(await verify({ headers: {}, body: BODY }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signRequest writes what node:crypto computes', async () => {
    const { headers } = await signRequest(presets.calCom({ secret: SECRET }), { body: BODY })
    expect(headers).toEqual({ 'x-cal-signature-256': hex(SECRET, BODY) })
  })
})
