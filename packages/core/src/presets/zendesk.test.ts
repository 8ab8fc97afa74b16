/**
 * Zendesk: `X-Zendesk-Webhook-Signature: <base64>` over `{timestamp}{body}` with the ISO-8601
 * `X-Zendesk-Webhook-Signature-Timestamp`; expected values from node:crypto.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

// Zendesk's secrets look like Base64; they are used as the UTF-8 text, not decoded.
const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=='
const BODY = '{"type":"zen:event-type:ticket.created","detail":{"id":"35436"}}'
const TS = '2026-01-15T12:00:00Z'
const NOW = Date.parse(TS)
const b64 = (secret: string, ts: string, body = BODY) =>
  createHmac('sha256', secret).update(`${ts}${body}`, 'utf8').digest('base64')
const verify = (request: WebhookRequest, now = NOW): Promise<VerifyResult> =>
  createVerifier(presets.zendesk({ secret: SECRET }), { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (signature: string, ts = TS, body = BODY): WebhookRequest => ({
  headers: {
    'X-Zendesk-Webhook-Signature': signature,
    'X-Zendesk-Webhook-Signature-Timestamp': ts,
  },
  body,
})

describe('zendesk', () => {
  it('accepts Base64 HMAC over timestamp then body and reports name and timestamp', async () => {
    const result = await verify(signed(b64(SECRET, TS)))
    expect(result.ok && result.webhook.check).toBe('zendesk')
    expect(result.ok && result.webhook.timestamp?.getTime()).toBe(NOW)
  })

  it('accepts a request without a body (GET, DELETE): the timestamp alone is signed', async () => {
    expect(code(await verify(signed(b64(SECRET, TS, ''), TS, '')))).toBe('accepted')
  })

  it('rejects body-then-timestamp order: SIGNATURE_MISMATCH', async () => {
    const swapped = createHmac('sha256', SECRET).update(`${BODY}${TS}`).digest('base64')
    expect(code(await verify(signed(swapped)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects the secret Base64-decoded as key: SIGNATURE_MISMATCH', async () => {
    const decodedKey = createHmac('sha256', Buffer.from(SECRET, 'base64'))
      .update(`${TS}${BODY}`)
      .digest('base64')
    expect(code(await verify(signed(decodedKey)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(b64(SECRET, TS), TS, `${BODY} `)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(b64('other', TS))))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects hex: SIGNATURE_MALFORMED', async () => {
    const hex = createHmac('sha256', SECRET).update(`${TS}${BODY}`).digest('hex')
    expect(code(await verify(signed(hex)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it.each([
    ['Unix seconds', String(NOW / 1000)],
    ['a date without time', '2026-01-15'],
  ])('rejects a timestamp in %s: TIMESTAMP_INVALID', async (_, ts) => {
    expect(code(await verify(signed(b64(SECRET, ts), ts)))).toBe('ERR_WEBHOOK_TIMESTAMP_INVALID')
  })

  it('rejects a missing timestamp header: TIMESTAMP_MISSING', async () => {
    const result = await verify({
      headers: { 'X-Zendesk-Webhook-Signature': b64(SECRET, TS) },
      body: BODY,
    })
    expect(code(result)).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
  })

  it('rejects beyond 300 s, both directions', async () => {
    expect(code(await verify(signed(b64(SECRET, TS)), NOW + 301_000))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    )
    expect(code(await verify(signed(b64(SECRET, TS)), NOW - 301_000))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_TOO_NEW',
    )
    expect(code(await verify(signed(b64(SECRET, TS)), NOW + 300_000))).toBe('accepted')
  })

  it('signRequest writes what node:crypto computes', async () => {
    const { headers } = await signRequest(presets.zendesk({ secret: SECRET }), {
      body: BODY,
      timestamp: NOW,
    })
    expect(headers).toEqual({
      'x-zendesk-webhook-signature': b64(SECRET, TS),
      'x-zendesk-webhook-signature-timestamp': TS,
    })
  })
})
