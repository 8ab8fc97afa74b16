/**
 * OpenAI: Standard Webhooks (`webhook-*`, `whsec_` secret), checked against the `openai` SDK's
 * `webhooks.unwrap` and node:crypto.
 */
import { createHmac } from 'node:crypto'
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const KEY = Buffer.from('openai-test-key-32-bytes-long!!!')
const SECRET = `whsec_${KEY.toString('base64')}`
const BODY = '{"object":"event","id":"evt_1","type":"response.completed","data":{"id":"resp_1"}}'
const ID = 'wh_685342e6c53c8190a1be43f081506c52'
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const T = String(NOW / 1000)
const b64 = (key: Buffer, t = T, body = BODY) =>
  createHmac('sha256', key).update(`${ID}.${t}.${body}`, 'utf8').digest('base64')
const verify = (request: WebhookRequest, now = NOW): Promise<VerifyResult> =>
  createVerifier(presets.openai({ secret: SECRET }), { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (signature: string, t = T, body = BODY): WebhookRequest => ({
  headers: { 'webhook-id': ID, 'webhook-timestamp': t, 'webhook-signature': signature },
  body,
})

describe('openai', () => {
  const client = new OpenAI({ apiKey: 'sk-unused', webhookSecret: SECRET })

  it('accepts v1,<b64> over {id}.{timestamp}.{body} and reports name, id and timestamp', async () => {
    const result = await verify(signed(`v1,${b64(KEY)}`))
    expect(result.ok && result.webhook.check).toBe('openai')
    expect(result.ok && result.webhook.id).toBe(ID)
    expect(result.ok && result.webhook.timestamp?.getTime()).toBe(NOW)
  })

  it('produces deliveries the openai SDK unwraps, and accepts them', async () => {
    const { headers } = await signRequest(presets.openai({ secret: SECRET }), { body: BODY })
    await expect(client.webhooks.unwrap(BODY, headers, SECRET)).resolves.toMatchObject({
      id: 'evt_1',
    })
    const ours = await createVerifier(presets.openai({ secret: SECRET })).verify({
      headers,
      body: BODY,
    })
    expect(ours.ok).toBe(true)
  })

  it('accepts our signature among several (key rotation)', async () => {
    const header = `v1,${b64(Buffer.from('previous'))} v1,${b64(KEY)}`
    expect(code(await verify(signed(header)))).toBe('accepted')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1,${b64(KEY)}`, T, `${BODY} `)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1,${b64(Buffer.from('another key'))}`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects the whole whsec_ string used as UTF-8 key: SIGNATURE_MISMATCH', async () => {
    const utf8Key = createHmac('sha256', SECRET).update(`${ID}.${T}.${BODY}`).digest('base64')
    expect(code(await verify(signed(`v1,${utf8Key}`)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it.each([
    ['no version', () => b64(KEY)],
    ['hex', () => `v1,${createHmac('sha256', KEY).update('x').digest('hex')}`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value())))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a delivery without webhook-id: SIGNATURE_MISSING', async () => {
    const request = signed(`v1,${b64(KEY)}`)
    delete (request.headers as Record<string, string>)['webhook-id']
    expect(code(await verify(request))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('rejects beyond 300 s, both directions', async () => {
    const at = (s: number) => signed(`v1,${b64(KEY, String(s))}`, String(s))
    expect(code(await verify(at(NOW / 1000 - 301)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(code(await verify(at(NOW / 1000 + 301)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
    expect(code(await verify(at(NOW / 1000 - 300)))).toBe('accepted')
  })

  it('refuses a secret without the whsec_ prefix at construction', () => {
    expect(() => presets.openai({ secret: KEY.toString('base64') })).toThrow(
      expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
    )
    expect(() => presets.openai({ secret: [{ value: 'plain', id: 'a' }] })).toThrow(/whsec_/)
  })
})
