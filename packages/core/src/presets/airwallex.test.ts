/**
 * Airwallex: hex HMAC-SHA256 over `{x-timestamp}{body}`, timestamp in ms (expected values:
 * node:crypto, following Airwallex's Java sample).
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'

const secret = 'whsec_airwallex_test'
const body = '{"id":"evt_1","name":"payment_intent.succeeded","data":{"object":{"amount":10}}}'
const now = 1_700_000_000_000
const sign = (ts: string, key = secret) =>
  createHmac('sha256', key).update(`${ts}${body}`, 'utf8').digest('hex')
const verify = (request: WebhookRequest, tolerance?: number): Promise<VerifyResult> =>
  createVerifier(presets.airwallex(tolerance === undefined ? { secret } : { secret, tolerance }), {
    clock: () => now,
  }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const request = (ts: string, sig = sign(ts)): WebhookRequest => ({
  headers: { 'x-timestamp': ts, 'x-signature': sig },
  body,
})

describe('airwallex', () => {
  it('accepts a fresh signed delivery and reports its timestamp', async () => {
    const result = await verify(request(String(now - 1000)))
    expect(result.ok && result.webhook.check).toBe('airwallex')
    expect(result.ok && result.webhook.timestamp?.getTime()).toBe(now - 1000)
  })

  it('rejects a tampered body, a wrong secret and a changed timestamp', async () => {
    const ts = String(now)
    expect(code(await verify({ ...request(ts), body: body.replace('10', '99') }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await verify(request(ts, sign(ts, 'other'))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await verify(request(String(now + 1), sign(ts))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('applies the tolerance in both directions (default 300 s)', async () => {
    expect((await verify(request(String(now - 299_000)))).ok).toBe(true)
    expect(code(await verify(request(String(now - 301_000))))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(code(await verify(request(String(now + 301_000))))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
    expect((await verify(request(String(now - 301_000)), 600)).ok).toBe(true)
  })

  it('rejects missing and malformed headers', async () => {
    const ts = String(now)
    expect(code(await verify({ headers: { 'x-signature': sign(ts) }, body }))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_MISSING',
    )
    expect(code(await verify({ headers: { 'x-timestamp': ts }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISSING',
    )
    expect(code(await verify(request('1.7e12', sign('1.7e12'))))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_INVALID',
    )
    expect(code(await verify(request(ts, sign(ts).slice(0, 60))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('signs with a millisecond timestamp node:crypto agrees with', async () => {
    const signed = await signRequest(presets.airwallex({ secret }), { body, timestamp: now })
    expect(signed.headers['x-timestamp']).toBe(String(now))
    expect(signed.headers['x-signature']).toBe(sign(String(now)))
  })
})
