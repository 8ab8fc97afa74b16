import { describe, expect, it } from 'vitest'
import { loadVectors, toNow, type NowInput } from '../../../../test/vectors/vectors.js'
import { WebhookConfigError } from '../errors.js'
import { apiKey, createVerifier, type ApiKeyOptions } from '../index.js'
import { signRequest } from '../testing/index.js'

interface ApiKeyVector {
  readonly check: ApiKeyOptions
  readonly headers: Record<string, string>
  readonly now?: NowInput
}

describe('apiKey vectors (api-key.json)', () => {
  it.each(loadVectors<ApiKeyVector>('api-key.json'))(
    '$name',
    async ({ input, expect: expected }) => {
      const now = toNow(input.now)
      const result = await createVerifier(apiKey(input.check), { clock: () => now }).verify({
        headers: input.headers,
        body: '',
      })
      if ('code' in expected) {
        expect(result.ok ? undefined : result.error.code).toBe(expected.code)
        if (!result.ok) expect(result.error.status).toBe(401)
      } else {
        expect(result.ok ? 'ok' : result.error.code).toBe('ok')
        // Without an id, the key's position in the list is its keyId.
        if (result.ok) expect(result.webhook.keyId).toBe(expected.keyId ?? '0')
      }
    },
  )

  it.each(loadVectors<ApiKeyVector>('api-key.json'))(
    '$name (headers as a Headers object)',
    async ({ input, expect: expected }) => {
      let headers: Headers
      try {
        headers = new Headers(input.headers)
      } catch {
        return // non-Latin-1 values only run as records
      }
      const now = toNow(input.now)
      const result = await createVerifier(apiKey(input.check), { clock: () => now }).verify({
        headers,
        body: '',
      })
      expect(result.ok ? 'ok' : result.error.code).toBe('code' in expected ? expected.code : 'ok')
    },
  )
})

describe('apiKey', () => {
  it('signRequest writes the prefix and the first active key', async () => {
    const check = apiKey({ header: 'Authorization', keys: ['tok3n', 'old'], prefix: 'Bearer ' })
    const signed = await signRequest(check, { body: '' })
    expect(signed.headers).toEqual({ authorization: 'Bearer tok3n' })
    expect((await createVerifier(check).verify(signed)).ok).toBe(true)
  })

  it('accepts keys given as bytes', async () => {
    const check = apiKey({ header: 'x-api-key', keys: new TextEncoder().encode('bytes-key') })
    expect(
      (await createVerifier(check).verify({ headers: { 'x-api-key': 'bytes-key' }, body: '' })).ok,
    ).toBe(true)
  })

  const KEY = 'sk_live_do_not_print'
  it.each<[string, unknown]>([
    ['no header', { keys: KEY }],
    ['a blank header', { header: ' ', keys: KEY }],
    ['no keys', { header: 'x-api-key' }],
    ['an empty key', { header: 'x-api-key', keys: '' }],
    ['an empty key among several', { header: 'x-api-key', keys: [KEY, ''] }],
    ['a key that is not a string', { header: 'x-api-key', keys: 5 }],
    ['11 keys', { header: 'x-api-key', keys: Array.from({ length: 11 }, (_, i) => `${KEY}${i}`) }],
    [
      'notBefore after notAfter',
      {
        header: 'x-api-key',
        keys: { value: KEY, notBefore: '2026-01-02', notAfter: '2026-01-01' },
      },
    ],
  ])('throws WebhookConfigError for %s, without the key in the message', (_name, options) => {
    let thrown: unknown
    try {
      apiKey(options as ApiKeyOptions)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(WebhookConfigError)
    expect((thrown as WebhookConfigError).code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
    expect((thrown as WebhookConfigError).message).not.toContain(KEY)
  })
})
