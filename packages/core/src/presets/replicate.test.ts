/**
 * Replicate: Standard Webhooks (`webhook-*`, `whsec_` secret), checked against the `replicate`
 * SDK's `validateWebhook` and node:crypto.
 */
import { createHmac, webcrypto } from 'node:crypto'
import { validateWebhook } from 'replicate'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const KEY = Buffer.from('replicate-signing-key')
const SECRET = `whsec_${KEY.toString('base64')}`
const BODY = '{"id":"ufawqhfynnddngldkgtslldrkq","status":"succeeded","output":["https://x"]}'
const ID = 'msg_2bFCJzTKQhQnCrzQ6Z2fUzHuTAk'
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const T = String(NOW / 1000)
const b64 = (key: Buffer, t = T, body = BODY) =>
  createHmac('sha256', key).update(`${ID}.${t}.${body}`, 'utf8').digest('base64')
const verify = (request: WebhookRequest, now = NOW): Promise<VerifyResult> =>
  createVerifier(presets.replicate({ secret: SECRET }), { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (signature: string, t = T, body = BODY): WebhookRequest => ({
  headers: { 'webhook-id': ID, 'webhook-timestamp': t, 'webhook-signature': signature },
  body,
})

describe('replicate', () => {
  it('accepts v1,<b64> keyed with the Base64 after whsec_, reporting name and id', async () => {
    const result = await verify(signed(`v1,${b64(KEY)}`))
    expect(result.ok && result.webhook.check).toBe('replicate')
    expect(result.ok && result.webhook.id).toBe(ID)
  })

  it('produces deliveries the replicate SDK validates', async () => {
    const { headers } = await signRequest(presets.replicate({ secret: SECRET }), {
      body: BODY,
      timestamp: NOW,
      id: ID,
    })
    const valid = await validateWebhook(
      {
        id: ID,
        timestamp: T,
        signature: headers['webhook-signature'] ?? '',
        body: BODY,
        secret: SECRET,
      },
      webcrypto as unknown as Crypto,
    )
    expect(valid).toBe(true)
    expect(code(await verify({ headers, body: BODY }))).toBe('accepted')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1,${b64(KEY)}`, T, `${BODY} `)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1,${b64(Buffer.from('nope'))}`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects an unversioned signature: SIGNATURE_MALFORMED', async () => {
    expect(code(await verify(signed(b64(KEY))))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects an old delivery the SDK would take (it checks no time): TIMESTAMP_TOO_OLD', async () => {
    const t = String(NOW / 1000 - 3600)
    expect(code(await verify(signed(`v1,${b64(KEY, t)}`, t)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })

  it('rejects a timestamp 301 s ahead: TIMESTAMP_TOO_NEW', async () => {
    const t = String(NOW / 1000 + 301)
    expect(code(await verify(signed(`v1,${b64(KEY, t)}`, t)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
  })
})
