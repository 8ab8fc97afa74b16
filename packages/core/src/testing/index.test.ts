import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Check } from '../check.js'
import { WebhookConfigError } from '../errors.js'
import { createVerifier, hmac, type HmacOptions } from '../index.js'
import { signRequest } from './index.js'

const T = 1_700_000_000

describe('signRequest', () => {
  it.each<
    [
      string,
      Omit<HmacOptions, 'secrets' | 'encoding'>,
      (sig: string) => Record<string, string>,
      string,
    ]
  >([
    ['a plain value', { header: 'X-Sig' }, (sig) => ({ 'x-sig': sig }), ''],
    [
      'a prefixed value',
      { header: 'x-sig', prefix: 'sha256=' },
      (sig) => ({ 'x-sig': `sha256=${sig}` }),
      '',
    ],
    [
      'Stripe-like pairs',
      {
        header: 'x-sig',
        format: { pairs: 'v1' },
        timestamp: { param: 't' },
        content: '{timestamp}.{body}',
      },
      (sig) => ({ 'x-sig': `t=${T},v1=${sig}` }),
      `${T}.`,
    ],
    [
      'pairs with a ; separator',
      {
        header: 'x-sig',
        format: { pairs: 'h1', separator: ';' },
        timestamp: { param: 'ts' },
        content: '{timestamp}:{body}',
      },
      (sig) => ({ 'x-sig': `ts=${T};h1=${sig}` }),
      `${T}:`,
    ],
    [
      'Standard-Webhooks-like tokens',
      {
        header: 'x-sig',
        format: { tokens: 'v1' },
        timestamp: { header: 'X-TS' },
        id: { header: 'x-id' },
        content: '{id}.{timestamp}.{body}',
      },
      (sig) => ({ 'x-sig': `v1,${sig}`, 'x-ts': String(T), 'x-id': 'msg_fixed' }),
      `msg_fixed.${T}.`,
    ],
    [
      'an ISO-8601 timestamp header',
      {
        header: 'x-sig',
        timestamp: { header: 'x-ts', format: 'iso8601' },
        content: '{timestamp}.{body}',
      },
      (sig) => ({ 'x-sig': sig, 'x-ts': '2023-11-14T22:13:20Z' }),
      '2023-11-14T22:13:20Z.',
    ],
    [
      'method and url',
      { header: 'x-sig', content: '{method}{url}{body}' },
      (sig) => ({ 'x-sig': sig }),
      'POSThttps://x.test/hook',
    ],
  ])(
    'writes the headers of %s, signed as node:crypto computes',
    async (_name, options, headers, before) => {
      const check = hmac({ ...options, encoding: 'hex', secrets: 'sign-secret' })
      const body = '{"x":1}'
      const signed = await signRequest(check, {
        body,
        timestamp: T * 1000,
        id: 'msg_fixed',
        url: 'https://x.test/hook',
      })
      const sig = createHmac('sha256', 'sign-secret').update(before).update(body).digest('hex')
      expect(signed.headers).toEqual(headers(sig))
      expect(signed.body).toBe(body)
      const result = await createVerifier(check, { clock: () => T * 1000 }).verify({
        ...signed,
        method: 'POST',
        url: 'https://x.test/hook',
      })
      expect(result.ok).toBe(true)
    },
  )

  it('uses the first secret valid at the timestamp', async () => {
    const check = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: [
        { value: 'future', notBefore: (T + 10) * 1000 },
        { value: 'now', notAfter: (T + 10) * 1000 },
      ],
    })
    const signed = await signRequest(check, { body: 'b', timestamp: T * 1000 })
    expect(signed.headers['x-sig']).toBe(createHmac('sha256', 'now').update('b').digest('hex'))
  })

  it('gives a random delivery id by default', async () => {
    const check = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: 's',
      id: { header: 'x-id' },
      content: '{id}.{body}',
    })
    const [a, b] = await Promise.all([
      signRequest(check, { body: '' }),
      signRequest(check, { body: '' }),
    ])
    expect(a.headers['x-id']).toMatch(/^msg_[0-9a-f]{24}$/)
    expect(a.headers['x-id']).not.toBe(b.headers['x-id'])
  })

  it('throws WebhookConfigError for a check without a signer', async () => {
    const bare: Check = { name: 'bare', verify: () => ({ ok: true }) }
    await expect(signRequest(bare, { body: '' })).rejects.toBeInstanceOf(WebhookConfigError)
  })

  it('throws WebhookConfigError for an invalid timestamp', async () => {
    const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: 's' })
    await expect(signRequest(check, { body: '', timestamp: 'not a date' })).rejects.toBeInstanceOf(
      WebhookConfigError,
    )
  })

  it('round-trips arbitrary bytes and secrets through every encoding, format and timestamp setting', async () => {
    const formats: Omit<HmacOptions, 'secrets' | 'encoding' | 'header'>[] = [
      {},
      { prefix: 'sha256=' },
      { format: { pairs: 'v1' }, timestamp: { param: 't' }, content: '{timestamp}.{body}' },
      {
        format: { tokens: 'v1' },
        timestamp: { header: 'x-ts' },
        id: { header: 'x-id' },
        content: '{id}.{timestamp}.{body}',
      },
      { timestamp: { header: 'x-ts', format: 'unix-ms' }, content: '{timestamp}{body}' },
      { timestamp: { header: 'x-ts', format: 'iso8601' }, content: 'v0:{timestamp}:{body}' },
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 1, maxLength: 70 }),
        fc.constantFrom('hex', 'base64', 'base64url'),
        fc.constantFrom(...formats),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        async (body, secret, encoding, format, at) => {
          const check = hmac({ header: 'x-sig', encoding, secrets: secret, ...format })
          const signed = await signRequest(check, { body, timestamp: at })
          const result = await createVerifier(check, { clock: () => at }).verify(signed)
          expect(result.ok ? 'ok' : result.error.code).toBe('ok')
          if (result.ok)
            expect(Buffer.from(result.webhook.body).equals(Buffer.from(body))).toBe(true)
        },
      ),
      { numRuns: 150 },
    )
  })
})
