/**
 * Twilio: expected signatures come from the twilio SDK (`getExpectedTwilioSignature`,
 * `getExpectedBodyHash`, `validateRequest`, `validateRequestWithBody`); form bodies are written
 * out as the exact bytes Twilio posts.
 */
import twilioSdk from 'twilio'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  presets,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

const token = '12345'
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const params: Record<string, string> = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
  Body: 'Hello wörld & more',
}
/** What Twilio posts: each pair %-encoded, spaces as `+`. */
const form = (pairs: readonly (readonly [string, string])[]) =>
  pairs
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%20/g, '+')}`)
    .join('&')
const body = form(Object.entries(params))
const sig = twilioSdk.getExpectedTwilioSignature(token, url, params)

const verify = (request: WebhookRequest, check: Check = presets.twilio({ secret: token })) =>
  createVerifier(check).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const post = (signature: string | undefined, payload: string, at = url): WebhookRequest => ({
  method: 'POST',
  url: at,
  headers: signature === undefined ? {} : { 'X-Twilio-Signature': signature },
  body: payload,
})

describe('twilio: form-encoded webhooks', () => {
  it('accepts a request signed as the SDK computes it', async () => {
    expect(twilioSdk.validateRequest(token, sig, url, params)).toBe(true)
    const result = await verify(post(sig, body))
    expect(result.ok && result.webhook.check).toBe('twilio')
    expect(result.ok && result.webhook.text()).toBe(body)
  })

  it('decodes %20 and + alike, and any parameter order', async () => {
    const reordered = form(Object.entries(params).reverse()).replace(/\+/g, '%20')
    expect((await verify(post(sig, reordered))).ok).toBe(true)
  })

  it('signs repeated names with their distinct values sorted, as the SDK does', async () => {
    const repeated = { ...params, MediaUrl: ['https://b.example/2', 'https://a.example/1'] }
    const header = twilioSdk.getExpectedTwilioSignature(token, url, repeated)
    const payload = `${body}&MediaUrl=${encodeURIComponent('https://b.example/2')}&MediaUrl=${encodeURIComponent('https://a.example/1')}`
    expect((await verify(post(header, payload))).ok).toBe(true)
  })

  it('accepts the URL with or without the default port', async () => {
    expect(
      (await verify(post(sig, body, 'https://mycompany.com:443/myapp.php?foo=1&bar=2'))).ok,
    ).toBe(true)
    const withPort = twilioSdk.getExpectedTwilioSignature(
      token,
      'https://mycompany.com:443/myapp.php?foo=1&bar=2',
      params,
    )
    expect((await verify(post(withPort, body))).ok).toBe(true)
  })

  it('tries an http URL with and without :80', async () => {
    const plain = 'http://mycompany.com/myapp.php'
    const header = twilioSdk.getExpectedTwilioSignature(token, plain, params)
    expect((await verify(post(header, body, 'http://mycompany.com:80/myapp.php'))).ok).toBe(true)
  })

  it('reads empty sequences and names without = as WHATWG does', async () => {
    const header = twilioSdk.getExpectedTwilioSignature(token, url, { ...params, Flag: '' })
    expect((await verify(post(header, `${body}&&Flag`))).ok).toBe(true)
  })

  it('signs a relative URL as given', async () => {
    const header = twilioSdk.getExpectedTwilioSignature(token, '/myapp.php', params)
    expect((await verify(post(header, body, '/myapp.php'))).ok).toBe(true)
  })

  it('rejects a tampered parameter, an added parameter, a changed URL and a wrong token', async () => {
    expect(code(await verify(post(sig, body.replace('Digits=1234', 'Digits=9999'))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await verify(post(sig, `${body}&Extra=1`)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect(code(await verify(post(sig, body, 'https://mycompany.com/myapp.php?foo=1&bar=3')))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    const wrong = twilioSdk.getExpectedTwilioSignature('54321', url, params)
    expect(code(await verify(post(wrong, body)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a body that is not strict form encoding, and a missing or malformed header', async () => {
    expect(code(await verify(post(sig, `${body}&Bad=%zz`)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(code(await verify(post(sig, `${body}&Bad=%ff`)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(code(await verify(post(undefined, body)))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(code(await verify(post(undefined, 'a=%zz')))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(code(await verify(post(`${sig}x`, body)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('uses the configured url whatever URL a proxy handed over', async () => {
    const check = presets.twilio({ secret: token, url })
    const inside = 'http://10.0.0.7:8080/myapp.php?foo=1&bar=2'
    expect((await verify(post(sig, body, inside), check)).ok).toBe(true)
    expect(code(await verify(post(sig, body, inside)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('throws a config error when no URL is known', async () => {
    await expect(verify({ headers: { 'x-twilio-signature': sig }, body })).rejects.toThrow(/url/)
    expect(() => presets.twilio({ secret: token, url: '/relative' })).toThrow(/url/)
    expect(() => presets.twilio({ secret: token, ur: url } as never)).toThrow(/url/)
  })

  it('signs for a configured url, and refuses a body that is not a form', async () => {
    const signed = await signRequest(presets.twilio({ secret: token, url }), { body })
    const header = signed.headers['x-twilio-signature'] ?? ''
    expect(twilioSdk.validateRequest(token, header, url, params)).toBe(true)
    await expect(
      signRequest(presets.twilio({ secret: token }), { body: 'a=%zz', url }),
    ).rejects.toThrow(/form-encoded/)
  })

  it('signs form requests the SDK validates', async () => {
    const signed = await signRequest(presets.twilio({ secret: token }), { body, url })
    const header = signed.headers['x-twilio-signature'] ?? ''
    expect(twilioSdk.validateRequest(token, header, url, params)).toBe(true)
  })
})

describe('twilio: JSON webhooks (bodySHA256)', () => {
  const json = '{"MessageSid":"SM123","Body":"Zoë 😀"}'
  const base = 'https://mycompany.com/hooks/json'
  const signedUrl = `${base}?bodySHA256=${twilioSdk.getExpectedBodyHash(json)}`
  const header = twilioSdk.getExpectedTwilioSignature(token, signedUrl, {})

  it('accepts what the SDK validates with validateRequestWithBody', async () => {
    expect(twilioSdk.validateRequestWithBody(token, header, signedUrl, json)).toBe(true)
    expect((await verify(post(header, json, signedUrl))).ok).toBe(true)
  })

  it('rejects a body that does not match bodySHA256, and a forged hash', async () => {
    expect(code(await verify(post(header, json.replace('SM123', 'SM999'), signedUrl)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    const forgedUrl = `${base}?bodySHA256=${twilioSdk.getExpectedBodyHash('{}')}`
    expect(code(await verify(post(header, '{}', forgedUrl)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a malformed or repeated bodySHA256', async () => {
    const short = `${base}?bodySHA256=abc`
    const bad = twilioSdk.getExpectedTwilioSignature(token, short, {})
    expect(code(await verify(post(bad, json, short)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    const twice = `${signedUrl}&bodySHA256=${twilioSdk.getExpectedBodyHash(json)}`
    const both = twilioSdk.getExpectedTwilioSignature(token, twice, {})
    expect(code(await verify(post(both, json, twice)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('appends the request bodySHA256 to a configured url', async () => {
    const check = presets.twilio({ secret: token, url: base })
    const inside = `http://127.0.0.1:3000/hooks/json?bodySHA256=${twilioSdk.getExpectedBodyHash(json)}`
    expect((await verify(post(header, json, inside), check)).ok).toBe(true)
    const withQuery = `${base}?x=1`
    const queried = twilioSdk.getExpectedTwilioSignature(
      token,
      `${withQuery}&bodySHA256=${twilioSdk.getExpectedBodyHash(json)}`,
      {},
    )
    const configured = presets.twilio({ secret: token, url: withQuery })
    expect((await verify(post(queried, json, inside), configured)).ok).toBe(true)
  })
})
