import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Check } from './check.js'
import { WebhookConfigError, WebhookVerificationError } from './errors.js'
import { createVerifier, hmac, isVerifier, verifyWebhook, type VerifierOptions } from './index.js'

const SECRET = 'verifier-secret'
const sign = (body: string | Uint8Array, prefix = '') =>
  createHmac('sha256', SECRET).update(prefix).update(body).digest('hex')
const plain = () => hmac({ header: 'x-sig', encoding: 'hex', secrets: SECRET })
const T = 1_700_000_000

describe('createVerifier', () => {
  it('returns a verified webhook with body, text(), json() and the check name', async () => {
    const body = '{"a":[1,"é"]}'
    const result = await createVerifier(plain()).verify({ headers: { 'x-sig': sign(body) }, body })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.webhook.body).toEqual(new Uint8Array(Buffer.from(body)))
    expect(result.webhook.text()).toBe(body)
    expect(result.webhook.json()).toEqual({ a: [1, 'é'] })
    expect(result.webhook.check).toBe('hmac')
    // One secret without an id: its position stands in.
    expect(result.webhook.keyId).toBe('0')
    expect(result.webhook.keyStatus).toBe('current')
    expect(result.webhook.id).toBeUndefined()
    expect(result.webhook.timestamp).toBeUndefined()
  })

  it('verifies invalid UTF-8 over the exact bytes; text() then throws a TypeError', async () => {
    const body = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])
    const result = await createVerifier(plain()).verify({ headers: { 'x-sig': sign(body) }, body })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.webhook.body).toEqual(body)
    expect(() => result.webhook.text()).toThrow(TypeError)
    expect(() => result.webhook.json()).toThrow(TypeError)
  })

  it('returns failures as results, never throwing for a bad webhook', async () => {
    const result = await createVerifier(plain()).verify({ headers: { 'x-sig': 'nope' }, body: 'x' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toBeInstanceOf(WebhookVerificationError)
    expect(result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(result.error.status).toBe(400)
    expect(result.error.message).not.toContain('nope')
  })

  describe('maxBodyBytes', () => {
    const body = 'x'.repeat(100)
    it.each<[number, string | undefined]>([
      [100, undefined],
      [101, undefined],
      [99, 'ERR_WEBHOOK_BODY_TOO_LARGE'],
      [0, 'ERR_WEBHOOK_BODY_TOO_LARGE'],
    ])('limit %d', async (limit, code) => {
      const result = await createVerifier(plain(), { maxBodyBytes: limit }).verify({
        headers: { 'x-sig': sign(body) },
        body,
      })
      expect(result.ok ? undefined : result.error.code).toBe(code)
      if (!result.ok) expect(result.error.status).toBe(code === undefined ? undefined : 413)
    })

    it('counts bytes, not characters', async () => {
      const euro = '€'.repeat(10) // 30 bytes
      const result = await createVerifier(plain(), { maxBodyBytes: 20 }).verify({
        headers: { 'x-sig': sign(euro) },
        body: euro,
      })
      expect(result.ok ? undefined : result.error.code).toBe('ERR_WEBHOOK_BODY_TOO_LARGE')
    })

    it('rejects before the check runs', async () => {
      let calls = 0
      const spy: Check = { name: 'spy', verify: () => (calls++, { ok: true }) }
      await createVerifier(spy, { maxBodyBytes: 1 }).verify({ headers: {}, body: 'xx' })
      expect(calls).toBe(0)
    })
  })

  describe('tolerance and clock', () => {
    const check = (tolerance?: number) =>
      hmac({
        header: 'x-sig',
        encoding: 'hex',
        secrets: SECRET,
        timestamp: { header: 'x-ts' },
        content: '{timestamp}.{body}',
        ...(tolerance === undefined ? {} : { tolerance }),
      })
    const request = { headers: { 'x-sig': sign('b', `${T}.`), 'x-ts': String(T) }, body: 'b' }
    const at = (seconds: number, options: VerifierOptions = {}, tolerance?: number) =>
      createVerifier(check(tolerance), { ...options, clock: () => (T + seconds) * 1000 }).verify(
        request,
      )

    it.each<[string, number, VerifierOptions, number | undefined, string | undefined]>([
      ['default 300 s: 300 s old', 300, {}, undefined, undefined],
      ['default 300 s: 301 s old', 301, {}, undefined, 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD'],
      ['default 300 s: 301 s ahead', -301, {}, undefined, 'ERR_WEBHOOK_TIMESTAMP_TOO_NEW'],
      ['verifier 600 over check 300: 500 s old', 500, { tolerance: 600 }, 300, undefined],
      [
        'verifier 10 over check 300: 11 s old',
        11,
        { tolerance: 10 },
        300,
        'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
      ],
      [
        'verifier 10 over check 300: 11 s ahead',
        -11,
        { tolerance: 10 },
        300,
        'ERR_WEBHOOK_TIMESTAMP_TOO_NEW',
      ],
      ['verifier 0 disables a check of 300', 1e6, { tolerance: 0 }, 300, undefined],
      [
        'verifier 300 re-enables a check of 0',
        301,
        { tolerance: 300 },
        0,
        'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
      ],
      ['check 0 alone disables', -1e6, {}, 0, undefined],
    ])('%s', async (_name, seconds, options, tolerance, code) => {
      const result = await at(seconds, options, tolerance)
      expect(result.ok ? undefined : result.error.code).toBe(code)
    })

    it('reports the signed timestamp as a Date', async () => {
      const result = await at(0)
      expect(result.ok && result.webhook.timestamp?.getTime()).toBe(T * 1000)
    })

    it('reads the clock on every verification', async () => {
      let now = T * 1000
      const verifier = createVerifier(check(), { clock: () => now })
      expect((await verifier.verify(request)).ok).toBe(true)
      now += 301_000
      const late = await verifier.verify(request)
      expect(late.ok ? undefined : late.error.code).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    })
  })

  it.each<[string, unknown, VerifierOptions]>([
    ['no check', undefined, {}],
    ['a check without verify', { name: 'x' }, {}],
    ['a negative tolerance', 'check', { tolerance: -1 }],
    ['a NaN tolerance', 'check', { tolerance: Number.NaN }],
    ['an infinite tolerance', 'check', { tolerance: Number.POSITIVE_INFINITY }],
    ['a clock that is not a function', 'check', { clock: 5 as never }],
    ['a negative maxBodyBytes', 'check', { maxBodyBytes: -1 }],
    ['a NaN maxBodyBytes', 'check', { maxBodyBytes: Number.NaN }],
    ['a string maxBodyBytes', 'check', { maxBodyBytes: '1mb' as never }],
  ])('throws WebhookConfigError at construction for %s', (_name, check, options) => {
    const actual = check === 'check' ? plain() : check
    expect(() => createVerifier(actual as Check, options)).toThrow(WebhookConfigError)
  })

  it('isVerifier tells a verifier from a check', () => {
    expect(isVerifier(createVerifier(plain()))).toBe(true)
    expect(isVerifier(plain())).toBe(false)
  })
})

describe('verifyWebhook', () => {
  it('verifies in one call', async () => {
    const result = await verifyWebhook({ headers: { 'x-sig': sign('b') }, body: 'b' }, plain())
    expect(result.ok).toBe(true)
  })

  it('passes options through', async () => {
    const result = await verifyWebhook({ headers: { 'x-sig': sign('bb') }, body: 'bb' }, plain(), {
      maxBodyBytes: 1,
    })
    expect(result.ok ? undefined : result.error.code).toBe('ERR_WEBHOOK_BODY_TOO_LARGE')
  })
})
