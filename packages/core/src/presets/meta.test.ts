/**
 * Meta Graph API webhooks: X-Hub-Signature-256 deliveries signed with node:crypto, and the GET
 * verification request (hub.mode, hub.verify_token, hub.challenge).
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { HandshakeResult } from '../check.js'
import { createVerifier, presets, type Check, type WebhookRequest } from '../index.js'
import { parseWebhookRequest } from '../request.js'
import { signRequest } from '../testing/index.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const secret = 'meta-app-secret'
const verifyToken = 'meatyhamhock'
const check = presets.meta({ secret, verifyToken })

const handshake = (c: Check, request: WebhookRequest): Promise<HandshakeResult> => {
  if (c.handshake === undefined) throw new Error('this check has no handshake')
  return Promise.resolve(
    c.handshake(parseWebhookRequest(request), { now: NOW, tolerance: undefined }),
  )
}
const outcome = (result: HandshakeResult) =>
  result === undefined ? 'delivery' : result.ok ? 'answered' : result.error.code
const get = (query: string): WebhookRequest => ({
  method: 'GET',
  url: `https://example.com/webhooks?${query}`,
  headers: {},
  body: '',
})

describe('meta deliveries', () => {
  const body =
    '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"text":"h\\u00e9"}}]}]}'
  const signature = (key: string) =>
    `sha256=${createHmac('sha256', key).update(body, 'utf8').digest('hex')}`

  it('accepts X-Hub-Signature-256 over the raw body with the app secret', async () => {
    const result = await createVerifier(check, { clock: () => NOW }).verify({
      method: 'POST',
      headers: { 'X-Hub-Signature-256': signature(secret) },
      body,
    })
    expect(result.ok && result.webhook.check).toBe('meta')
  })

  it('rejects another secret, and a missing signature', async () => {
    const verifier = createVerifier(check, { clock: () => NOW })
    const wrong = await verifier.verify({
      headers: { 'x-hub-signature-256': signature('x') },
      body,
    })
    expect(wrong.ok || wrong.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const missing = await verifier.verify({ headers: {}, body })
    expect(missing.ok || missing.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signRequest produces the header Meta sends', async () => {
    const signed = await signRequest(check, { body })
    expect(signed.headers['x-hub-signature-256']).toBe(signature(secret))
  })
})

describe('meta verification request', () => {
  it('answers hub.challenge as text/plain when the verify token matches', async () => {
    const result = await handshake(
      check,
      get('hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock'),
    )
    expect(result).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({
          'content-type': 'text/plain; charset=utf-8',
          'x-content-type-options': 'nosniff',
        }),
        body: '1158201444',
      },
    })
  })

  it('accepts any of several verify tokens and decodes the query', async () => {
    const both = presets.meta({ secret, verifyToken: ['new token', verifyToken] })
    const result = await handshake(
      both,
      get('hub.verify_token=new+token&hub.challenge=abc%2D1&hub.mode=subscribe'),
    )
    expect(result?.ok && result.response.body).toBe('abc-1')
  })

  it('refuses a wrong verify token: CREDENTIALS_INVALID, and a missing one: CREDENTIALS_MISSING', async () => {
    const wrong = await handshake(
      check,
      get('hub.mode=subscribe&hub.challenge=1&hub.verify_token=meatyhamhocks'),
    )
    expect(wrong?.ok === false && wrong.error).toMatchObject({
      code: 'ERR_WEBHOOK_CREDENTIALS_INVALID',
      status: 401,
      message: 'webhook credentials invalid',
    })
    expect(outcome(await handshake(check, get('hub.mode=subscribe&hub.challenge=1')))).toBe(
      'ERR_WEBHOOK_CREDENTIALS_MISSING',
    )
  })

  it('refuses to echo a challenge that is too long or not printable ASCII', async () => {
    for (const challenge of ['9'.repeat(513), '%3Cb%3E%0A', '%C3%A9']) {
      const result = await handshake(
        check,
        get(`hub.mode=subscribe&hub.verify_token=meatyhamhock&hub.challenge=${challenge}`),
      )
      expect(outcome(result)).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    }
  })

  it('leaves POSTs and other GETs to ordinary verification', async () => {
    const query = 'hub.mode=subscribe&hub.challenge=1&hub.verify_token=meatyhamhock'
    expect(await handshake(check, { ...get(query), method: 'POST' })).toBeUndefined()
    expect(await handshake(check, get('hub.mode=unsubscribe&hub.challenge=1'))).toBeUndefined()
    expect(await handshake(check, { ...get(query), url: undefined })).toBeUndefined()
  })

  it('has no handshake without verifyToken', () => {
    expect(presets.meta({ secret }).handshake).toBeUndefined()
  })

  it('names the option a typo meant', () => {
    expect(() => presets.meta({ secret, verify_token: 'x' } as never)).toThrow(
      expect.objectContaining({
        code: 'ERR_WEBHOOK_CONFIG_INVALID',
        message: "meta: unknown option 'verify_token'; did you mean 'verifyToken'?",
      }),
    )
    expect(() => presets.meta({ secret, verifyToken: '' })).toThrow(
      expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
    )
  })
})
