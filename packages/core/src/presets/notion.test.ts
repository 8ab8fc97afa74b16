/**
 * Notion: `X-Notion-Signature: sha256=<hex>` keyed with the verification token, and the unsigned
 * setup request answered as a handshake; expected values from node:crypto.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import type { CheckContext } from '../check.js'
import {
  createVerifier,
  presets,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'
import { parseWebhookRequest } from '../request.js'
import { signRequest } from '../testing/index.js'

const TOKEN = 'secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl'
const BODY =
  '{"id":"367cba44-b6f3-4c92-81e7-6a2e9659efd4","type":"page.content_updated","entity":{"id":"p1","type":"page"}}'
const hex = (key: string, body = BODY) =>
  createHmac('sha256', key).update(body, 'utf8').digest('hex')
const verify = (request: WebhookRequest, check = presets.notion({ secret: TOKEN })) =>
  createVerifier(check).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (value: string, body = BODY): WebhookRequest => ({
  headers: { 'X-Notion-Signature': value },
  body,
})
const CONTEXT: CheckContext = { now: Date.now(), tolerance: undefined }
const handshake = (check: Check, request: WebhookRequest) => {
  if (check.handshake === undefined) throw new Error('notion has a handshake')
  return check.handshake(parseWebhookRequest(request), CONTEXT)
}
const setup = { headers: {}, body: `{"verification_token":"${TOKEN}"}` }

describe('notion deliveries', () => {
  it('accepts sha256=<hex> keyed with the verification token and reports its name', async () => {
    const result = await verify(signed(`sha256=${hex(TOKEN)}`))
    expect(result.ok && result.webhook.check).toBe('notion')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`sha256=${hex(TOKEN)}`, `${BODY} `)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another token: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`sha256=${hex('secret_other')}`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['no prefix', () => hex(TOKEN)],
    ['a doubled prefix', () => `sha256=sha256=${hex(TOKEN)}`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value())))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('does not take the setup request for a delivery: SIGNATURE_MISSING', async () => {
    expect(code(await verify(setup))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('rejects every delivery while no secret is configured: SIGNATURE_MISMATCH', async () => {
    const check = presets.notion({ onVerificationToken: () => undefined })
    expect(code(await verify(signed(`sha256=${hex(TOKEN)}`), check))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('signRequest writes what node:crypto computes', async () => {
    const { headers } = await signRequest(presets.notion({ secret: TOKEN }), { body: BODY })
    expect(headers).toEqual({ 'x-notion-signature': `sha256=${hex(TOKEN)}` })
  })
})

describe('notion setup handshake', () => {
  it('answers 200 and hands the token to onVerificationToken', async () => {
    const onVerificationToken = vi.fn()
    const check = presets.notion({ onVerificationToken })
    expect(await handshake(check, setup)).toEqual({
      ok: true,
      response: { status: 200, headers: {}, body: '' },
    })
    expect(onVerificationToken).toHaveBeenCalledWith(TOKEN)
  })

  it('waits for an async onVerificationToken', async () => {
    const seen: string[] = []
    const check = presets.notion({
      secret: TOKEN,
      onVerificationToken: async (token) => {
        await Promise.resolve()
        seen.push(token)
      },
    })
    await handshake(check, setup)
    expect(seen).toEqual([TOKEN])
  })

  it.each([
    ['a signed delivery', signed(`sha256=${hex(TOKEN)}`)],
    [
      'a signed request carrying a token',
      { headers: { 'x-notion-signature': 'sha256=00' }, body: setup.body },
    ],
    ['a body with other keys', { headers: {}, body: `{"verification_token":"t","type":"x"}` }],
    ['an empty token', { headers: {}, body: '{"verification_token":""}' }],
    ['a non-string token', { headers: {}, body: '{"verification_token":1}' }],
    ['not JSON', { headers: {}, body: 'verification_token=t' }],
    ['invalid UTF-8', { headers: {}, body: new Uint8Array([0x7b, 0xff, 0x7d]) }],
    ['an oversized body', { headers: {}, body: `{"verification_token":"${'a'.repeat(5000)}"}` }],
  ])('leaves %s to verification', async (_, request) => {
    const onVerificationToken = vi.fn()
    const check = presets.notion({ secret: TOKEN, onVerificationToken })
    expect(await handshake(check, request)).toBeUndefined()
    expect(onVerificationToken).not.toHaveBeenCalled()
  })

  it('keeps the signer on the wrapped check', async () => {
    const check = presets.notion({ secret: TOKEN, onVerificationToken: () => undefined })
    const { headers } = await signRequest(check, { body: BODY })
    expect(headers['x-notion-signature']).toBe(`sha256=${hex(TOKEN)}`)
  })

  it('requires a secret or onVerificationToken, and a function for the latter', () => {
    expect(() => presets.notion({})).toThrow(
      expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
    )
    expect(() => presets.notion({ onVerificationToken: 'log' } as never)).toThrow(/function/)
  })
})
