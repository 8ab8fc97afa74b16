/** Chargebee: HTTP Basic credentials configured on the webhook; no signature. */
import { describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import { createVerifier, presets, type VerifyResult } from '../index.js'

const check = presets.chargebee({ username: 'cb-hooks', password: 's3cret:with:colons' })
const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`
const verify = (authorization?: string): Promise<VerifyResult> =>
  createVerifier(check).verify({
    headers: authorization === undefined ? {} : { authorization },
    body: '{"event_type":"subscription_created"}',
  })
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('chargebee', () => {
  it('accepts the configured credentials', async () => {
    const result = await verify(basic('cb-hooks:s3cret:with:colons'))
    expect(result.ok && result.webhook.check).toBe('chargebee')
  })

  it('rejects a wrong password, a wrong user, a missing and a malformed header', async () => {
    expect(code(await verify(basic('cb-hooks:wrong')))).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
    expect(code(await verify(basic('other:s3cret:with:colons')))).toBe(
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    )
    expect(code(await verify())).toBe('ERR_WEBHOOK_CREDENTIALS_MISSING')
    expect(code(await verify('Basic !!!'))).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
    expect(code(await verify('Bearer abc'))).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
  })

  it('validates options', () => {
    expect(() => presets.chargebee({ username: 'u' } as never)).toThrow(
      /^chargebee: password is required \(/,
    )
    expect(() => presets.chargebee({ username: 'u', pasword: 'p' } as never)).toThrow(/password/)
  })

  it('signs with the Authorization header Chargebee sends', async () => {
    const signed = await signRequest(check, { body: '{}' })
    expect(signed.headers['authorization']).toBe(basic('cb-hooks:s3cret:with:colons'))
  })
})
