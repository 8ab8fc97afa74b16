import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { implementation } from '#crypto'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  memoryReplayStore,
  presets,
  WebhookConfigError,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

const key = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0'
const now = 1770920772
const token = 'e0b5477167110d68991efc6b9f89f0a11066af27834600e123'
// Expected signatures from node:crypto, as in Mailgun's own Node snippet.
const sign = (timestamp: string, tok: string, secret = key) =>
  createHmac('sha256', secret).update(timestamp.concat(tok)).digest('hex')

const jsonRequest = (fields: Record<string, unknown>, extra = ''): WebhookRequest => ({
  headers: { 'content-type': 'application/json' },
  body: `{"signature":${JSON.stringify(fields)},"event-data":{"event":"delivered"${extra}}}`,
})
const signedJson = (timestamp = String(now), tok = token) =>
  jsonRequest({ token: tok, timestamp, signature: sign(timestamp, tok) })

const run = (request: WebhookRequest, options = {}, at = now): Promise<VerifyResult> =>
  createVerifier(presets.mailgun({ secret: key, ...options }), { clock: () => at * 1000 }).verify(
    request,
  )
const code = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code)

describe(`mailgun (${implementation} crypto)`, () => {
  it('accepts a JSON webhook and reports the token as the delivery id', async () => {
    const result = await run(signedJson())
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.webhook.check).toBe('mailgun')
      expect(result.webhook.id).toBe(token)
      expect(result.webhook.timestamp?.getTime()).toBe(now * 1000)
    }
  })

  it('accepts the same fields form-encoded', async () => {
    const body = new URLSearchParams({
      timestamp: String(now),
      token,
      signature: sign(String(now), token),
      event: 'delivered',
    }).toString()
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
    expect(code(await run({ headers, body }))).toBe('ok')
  })

  it('rejects a wrong key, a changed token and a changed timestamp', async () => {
    const ts = String(now)
    const wrongKey = jsonRequest({ token, timestamp: ts, signature: sign(ts, token, 'other') })
    expect(code(await run(wrongKey))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const otherToken = jsonRequest({
      token: token + 'x',
      timestamp: ts,
      signature: sign(ts, token),
    })
    expect(code(await run(otherToken))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const later = String(now + 1)
    const otherTime = jsonRequest({ token, timestamp: later, signature: sign(ts, token) })
    expect(code(await run(otherTime))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('reads the signature from the body only, never from headers', async () => {
    const ts = String(now)
    const request: WebhookRequest = {
      headers: {
        'content-type': 'application/json',
        'mailgun-signature': sign(ts, token),
        'mailgun-timestamp': ts,
        'mailgun-token': token,
      },
      body: '{"event-data":{}}',
    }
    expect(code(await run(request))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('reports missing and malformed fields', async () => {
    expect(code(await run({ headers: {}, body: 'not json' }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    const noTimestamp = jsonRequest({ token, signature: sign(String(now), token) })
    expect(code(await run(noTimestamp))).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
    const badHex = jsonRequest({ token, timestamp: String(now), signature: 'zz' })
    expect(code(await run(badHex))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    const noToken = jsonRequest({ timestamp: String(now), signature: sign(String(now), '') })
    expect(code(await run(noToken))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('refuses a form body naming a signed field twice', async () => {
    const ts = String(now)
    const body = `timestamp=${ts}&token=${token}&token=other&signature=${sign(ts, token)}`
    const headers = { 'content-type': 'application/x-www-form-urlencoded' }
    expect(code(await run({ headers, body }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('accepts a numeric JSON timestamp', async () => {
    const request = jsonRequest({ token, timestamp: now, signature: sign(String(now), token) })
    expect(code(await run(request))).toBe('ok')
  })

  it('applies 300 s by default in both directions, and the tolerance option', async () => {
    expect(code(await run(signedJson(), {}, now + 301))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(code(await run(signedJson(), {}, now - 301))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
    expect(code(await run(signedJson(), { tolerance: 900 }, now + 301))).toBe('ok')
  })

  it('refuses the same token twice with a replay store, even with another event body', async () => {
    const verifier = createVerifier(presets.mailgun({ secret: key }), {
      clock: () => now * 1000,
      replay: memoryReplayStore(),
    })
    expect(code(await verifier.verify(signedJson()))).toBe('ok')
    const ts = String(now)
    const forged = jsonRequest(
      { token, timestamp: ts, signature: sign(ts, token) },
      ',"recipient":"attacker@example.com"',
    )
    expect(code(await verifier.verify(forged))).toBe('ERR_WEBHOOK_REPLAYED')
  })

  it('validates options and has no signer (the signature lives in the body)', async () => {
    expect(() => presets.mailgun({ secret: key, tolerence: 1 } as never)).toThrow(
      "mailgun: unknown option 'tolerence'; did you mean 'tolerance'?",
    )
    await expect(signRequest(presets.mailgun({ secret: key }), { body: '{}' })).rejects.toThrow(
      WebhookConfigError,
    )
  })
})
