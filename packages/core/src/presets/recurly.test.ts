/**
 * Recurly: `recurly-signature: <unix ms>,<hex>[,<hex>]`, hex HMAC-SHA256 over `{timestamp}.{body}`
 * (expected values: node:crypto, following Recurly's signature-verification guide).
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'

const secret = 'recurly-endpoint-key'
const previous = 'recurly-previous-key'
const body = '{"id":"abcdef","object_type":"subscription","event_type":"created"}'
const now = 1_700_000_000_000
const mac = (ts: string, key = secret) =>
  createHmac('sha256', key).update(`${ts}.${body}`, 'utf8').digest('hex')
const verify = (header: string | undefined, payload = body): Promise<VerifyResult> =>
  createVerifier(presets.recurly({ secret }), { clock: () => now }).verify({
    headers: header === undefined ? {} : { 'recurly-signature': header },
    body: payload,
  } satisfies WebhookRequest)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('recurly', () => {
  it('accepts a header with one signature and reports the ms timestamp', async () => {
    const ts = String(now - 5000)
    const result = await verify(`${ts},${mac(ts)}`)
    expect(result.ok && result.webhook.check).toBe('recurly')
    expect(result.ok && result.webhook.timestamp?.getTime()).toBe(now - 5000)
  })

  it('accepts either signature during a key rotation, in any position', async () => {
    const ts = String(now)
    expect((await verify(`${ts},${mac(ts, previous)},${mac(ts)}`)).ok).toBe(true)
    expect((await verify(`${ts}, ${mac(ts)}, ${mac(ts, previous)}`)).ok).toBe(true)
  })

  it('rejects a tampered body, a wrong secret and a changed timestamp', async () => {
    const ts = String(now)
    expect(code(await verify(`${ts},${mac(ts)}`, `${body} `))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await verify(`${ts},${mac(ts, previous)}`))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect(code(await verify(`${now + 1},${mac(ts)}`))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('applies a 300 s tolerance in both directions', async () => {
    const old = String(now - 301_000)
    const ahead = String(now + 301_000)
    expect(code(await verify(`${old},${mac(old)}`))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(code(await verify(`${ahead},${mac(ahead)}`))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
  })

  it('rejects missing and malformed headers', async () => {
    const ts = String(now)
    expect(code(await verify(undefined))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(code(await verify(ts))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(code(await verify(`${ts},`))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(code(await verify(`t=${ts},v1=${mac(ts)}`))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(code(await verify(`${ts},${mac(ts)},v1=${mac(ts)}`))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(code(await verify(`${ts},${mac(ts).slice(1)}`))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(code(await verify(`abc,${mac('abc')}`))).toBe('ERR_WEBHOOK_TIMESTAMP_INVALID')
  })

  it('signs the positional header Recurly sends', async () => {
    const signed = await signRequest(presets.recurly({ secret }), { body, timestamp: now })
    expect(signed.headers['recurly-signature']).toBe(`${now},${mac(String(now))}`)
  })
})
