/** Postmark: Basic credentials from the webhook URL, sent as `Authorization: Basic`; no signature. */
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult } from '../index.js'

const check = presets.postmark({ username: 'pm', password: 'Zoë-pass' })
const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`
const verify = (authorization?: string): Promise<VerifyResult> =>
  createVerifier(check).verify({
    headers: authorization === undefined ? {} : { authorization },
    body: '{"RecordType":"Delivery"}',
  })
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('postmark', () => {
  it('accepts the credentials from the webhook URL (UTF-8)', async () => {
    const result = await verify(basic('pm:Zoë-pass'))
    expect(result.ok && result.webhook.check).toBe('postmark')
  })

  it('rejects wrong, missing and malformed credentials', async () => {
    expect(code(await verify(basic('pm:Zoe-pass')))).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
    expect(code(await verify())).toBe('ERR_WEBHOOK_CREDENTIALS_MISSING')
    expect(code(await verify('Basic cG06'))).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
  })

  it('names the nearest option for a typo', () => {
    expect(() => presets.postmark({ user: 'pm', password: 'p' } as never)).toThrow(/username/)
  })
})
