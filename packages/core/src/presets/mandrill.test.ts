/**
 * Mandrill: Base64 HMAC-SHA1 over the webhook URL plus each POST name and value sorted by name.
 * Expected values: node:crypto over the signed string written out literally.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  presets,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

const key = 'mandrill-webhook-key'
const url = 'https://example.com/mandrill/hook'
const events = '[{"event":"send","msg":{"subject":"Zoë & co"}}]'
const body = `mandrill_events=${encodeURIComponent(events)}`
const sig = createHmac('sha1', key)
  .update(`${url}mandrill_events${events}`, 'utf8')
  .digest('base64')

const verify = (request: WebhookRequest, check: Check = presets.mandrill({ secret: key })) =>
  createVerifier(check).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const post = (signature: string | undefined, payload: string, at = url): WebhookRequest => ({
  url: at,
  headers: signature === undefined ? {} : { 'X-Mandrill-Signature': signature },
  body: payload,
})

describe('mandrill', () => {
  it('accepts a signed mandrill_events post', async () => {
    const result = await verify(post(sig, body))
    expect(result.ok && result.webhook.check).toBe('mandrill')
  })

  it('sorts several parameters by name', async () => {
    const signed = createHmac('sha1', key)
      .update(`${url}a1b2mandrill_events${events}`, 'utf8')
      .digest('base64')
    expect(
      (await verify(post(signed, `mandrill_events=${encodeURIComponent(events)}&b=2&a=1`))).ok,
    ).toBe(true)
  })

  it('rejects a tampered event, a wrong key and another URL', async () => {
    expect(code(await verify(post(sig, body.replace('send', 'open'))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    const wrong = createHmac('sha1', 'other')
      .update(`${url}mandrill_events${events}`)
      .digest('base64')
    expect(code(await verify(post(wrong, body)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect(code(await verify(post(sig, body, 'https://example.com/other')))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects a repeated name, bad encoding, and a missing or malformed header', async () => {
    expect(code(await verify(post(sig, `${body}&mandrill_events=[]`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(code(await verify(post(sig, `${body}%`)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(code(await verify(post(undefined, body)))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    const hex = createHmac('sha1', key).update(`${url}mandrill_events${events}`).digest('hex')
    expect(code(await verify(post(hex, body)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('uses the configured url behind a proxy', async () => {
    const check = presets.mandrill({ secret: key, url })
    expect((await verify(post(sig, body, 'http://10.0.0.7/mandrill/hook'), check)).ok).toBe(true)
  })

  it('signs what node:crypto expects', async () => {
    const signed = await signRequest(presets.mandrill({ secret: key, url }), { body })
    expect(signed.headers['x-mandrill-signature']).toBe(sig)
    await expect(
      signRequest(presets.mandrill({ secret: key, url }), { body: 'a=1&a=2' }),
    ).rejects.toThrow(/form-encoded/)
  })
})
