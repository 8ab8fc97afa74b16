/**
 * Polar: Standard Webhooks headers keyed with the UTF-8 bytes of the whole secret; checked against
 * `@polar-sh/sdk`'s `validateEvent` and node:crypto.
 */
import { createHmac } from 'node:crypto'
import { webhooks } from '@polar-sh/sdk/2026-04'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'polar_whs_Zx9Qm3hT7kLpR2vN8cYw4bJd6fGs1aEu'
const BODY = '{"type":"subscription.updated","timestamp":"2026-01-15T12:00:00Z","data":{"id":"s1"}}'
const ID = 'msg_polar_1'
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const T = String(NOW / 1000)
const b64 = (key: string | Buffer, t = T, body = BODY) =>
  createHmac('sha256', key).update(`${ID}.${t}.${body}`, 'utf8').digest('base64')
const verify = (request: WebhookRequest, now = NOW, secret = SECRET): Promise<VerifyResult> =>
  createVerifier(presets.polar({ secret }), { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (signature: string, t = T, body = BODY): WebhookRequest => ({
  headers: { 'webhook-id': ID, 'webhook-timestamp': t, 'webhook-signature': signature },
  body,
})

describe('polar', () => {
  it('accepts v1,<b64> keyed with the UTF-8 secret, reporting name and id', async () => {
    const result = await verify(signed(`v1,${b64(SECRET)}`))
    expect(result.ok && result.webhook.check).toBe('polar')
    expect(result.ok && result.webhook.id).toBe(ID)
  })

  it('produces deliveries @polar-sh/sdk validates', async () => {
    const { headers } = await signRequest(presets.polar({ secret: SECRET }), { body: BODY })
    await expect(webhooks.validateEvent(BODY, headers, SECRET)).resolves.toMatchObject({
      type: 'subscription.updated',
    })
    const ours = await createVerifier(presets.polar({ secret: SECRET })).verify({
      headers,
      body: BODY,
    })
    expect(ours.ok).toBe(true)
  })

  it('keys a whsec_ secret with its UTF-8 bytes too, as Polar signs', async () => {
    const whsec = `whsec_${Buffer.from('0123456789abcdef').toString('base64')}`
    expect(code(await verify(signed(`v1,${b64(whsec)}`), NOW, whsec))).toBe('accepted')
  })

  it('rejects a key Base64-decoded from the secret: SIGNATURE_MISMATCH', async () => {
    const whsec = `whsec_${Buffer.from('0123456789abcdef').toString('base64')}`
    const decoded = b64(Buffer.from('0123456789abcdef'))
    expect(code(await verify(signed(`v1,${decoded}`), NOW, whsec))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1,${b64(SECRET)}`, T, `${BODY} `)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1,${b64('polar_whs_other')}`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects junk Base64: SIGNATURE_MALFORMED', async () => {
    expect(code(await verify(signed('v1,not*base64')))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects beyond 300 s, both directions', async () => {
    const at = (s: number) => signed(`v1,${b64(SECRET, String(s))}`, String(s))
    expect(code(await verify(at(NOW / 1000 - 301)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(code(await verify(at(NOW / 1000 + 301)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
  })
})
