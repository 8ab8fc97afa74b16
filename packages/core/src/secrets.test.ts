import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  expectResult,
  loadVectors,
  toNow,
  toRequest,
  type HmacVectorInput,
} from '../../../test/vectors/vectors.js'
import { WebhookConfigError } from './errors.js'
import { createVerifier, hmac, type HmacOptions } from './index.js'
import { isActive, MAX_KEYS, parseDuration, rotation, toKeyEntries } from './secrets.js'

describe('rotation vectors (rotation.json)', () => {
  it.each(loadVectors<HmacVectorInput>('rotation.json'))(
    '$name',
    async ({ input, expect: expected }) => {
      const secrets = input.rotation ? rotation(input.rotation) : input.check.secrets
      const now = toNow(input.now)
      const verifier = createVerifier(hmac({ ...input.check, secrets } as HmacOptions), {
        clock: () => now,
      })
      expectResult(await verifier.verify(toRequest(input)), expected)
    },
  )
})

describe('rotation()', () => {
  const rolledAt = '2026-01-01T00:00:00Z'
  const until = Date.parse(rolledAt) + 86_400_000

  it('builds current and previous entries, the previous one ending at rolledAt + grace', () => {
    expect(rotation({ current: 'new', previous: 'old', rolledAt, grace: '24h' })).toEqual([
      { value: 'new', id: 'current' },
      { value: 'old', id: 'previous', notAfter: until },
    ])
  })

  it('accepts rolledAt as Date, ISO string or ms', () => {
    for (const at of [new Date(rolledAt), rolledAt, Date.parse(rolledAt)]) {
      expect(
        rotation({ current: 'n', previous: 'o', rolledAt: at, grace: 86_400_000 })[1]?.notAfter,
      ).toBe(until)
    }
  })

  it('keeps entry fields and ids, but the grace sets notAfter of the previous one', () => {
    const [current, previous] = rotation({
      current: { value: 'n', id: 'v2', notBefore: rolledAt },
      previous: { value: 'o', id: 'v1', notAfter: '2030-01-01T00:00:00Z' },
      rolledAt,
      grace: '1h',
    })
    expect(current).toEqual({ value: 'n', id: 'v2', notBefore: rolledAt })
    expect(previous).toEqual({ value: 'o', id: 'v1', notAfter: Date.parse(rolledAt) + 3_600_000 })
  })

  it('returns only the current secret without a previous one', () => {
    expect(rotation({ current: 'n', rolledAt, grace: '24h' })).toEqual([
      { value: 'n', id: 'current' },
    ])
  })

  it('does not mutate its options', () => {
    const current = { value: 'n' }
    const previous = { value: 'o' }
    rotation({ current, previous, rolledAt, grace: '24h' })
    expect(current).toEqual({ value: 'n' })
    expect(previous).toEqual({ value: 'o' })
  })

  it.each<[string, { rolledAt: unknown; grace: unknown }]>([
    ['an unparseable rolledAt', { rolledAt: 'yesterday', grace: '24h' }],
    ['an invalid Date', { rolledAt: new Date(Number.NaN), grace: '24h' }],
    ['an unknown grace unit', { rolledAt, grace: '24 hours' }],
    ['a negative grace', { rolledAt, grace: -1 }],
    ['a NaN grace', { rolledAt, grace: Number.NaN }],
  ])('throws WebhookConfigError for %s', (_name, options) => {
    expect(() => rotation({ current: 'n', previous: 'o', ...options } as never)).toThrow(
      WebhookConfigError,
    )
  })

  it('verifies with both secrets inside the window and reports which one matched', async () => {
    const body = 'payload'
    const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('hex')
    let now = Date.parse(rolledAt) + 1000
    const verifier = createVerifier(
      hmac({
        header: 'x-sig',
        encoding: 'hex',
        secrets: rotation({ current: 'new', previous: 'old', rolledAt, grace: '24h' }),
      }),
      { clock: () => now },
    )
    const viaOld = await verifier.verify({ headers: { 'x-sig': sign('old') }, body })
    expect(viaOld.ok && viaOld.webhook.keyId).toBe('previous')
    const viaNew = await verifier.verify({ headers: { 'x-sig': sign('new') }, body })
    expect(viaNew.ok && viaNew.webhook.keyId).toBe('current')
    now = until + 1
    const late = await verifier.verify({ headers: { 'x-sig': sign('old') }, body })
    expect(late.ok ? undefined : late.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })
})

describe('parseDuration', () => {
  it.each<[number | string, number]>([
    [0, 0],
    [1500, 1500],
    ['500ms', 500],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['2d', 172_800_000],
    ['1.5h', 5_400_000],
    [' 24h ', 86_400_000],
    ['24 h', 86_400_000],
  ])('%j is %d ms', (value, expected) => {
    expect(parseDuration(value, 'x')).toBe(expected)
  })

  it.each<unknown>([
    '24',
    'h',
    '24H',
    '-1h',
    '1w',
    '',
    'twenty',
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -5,
  ])('rejects %j', (value) => {
    expect(() => parseDuration(value as string, 'x')).toThrow(WebhookConfigError)
  })
})

describe('toKeyEntries', () => {
  const prepare = (value: string) => value.toUpperCase()

  it('accepts one value, an entry, or a list of both, and prepares each once', () => {
    expect(toKeyEntries('a', 'k', prepare)).toEqual([
      { key: 'A', id: undefined, notBefore: -Infinity, notAfter: Infinity },
    ])
    expect(
      toKeyEntries<string, string>(
        ['a', { value: 'b', id: 'x', notAfter: 5, notBefore: new Date(1) }],
        'k',
        prepare,
      ),
    ).toEqual([
      { key: 'A', id: undefined, notBefore: -Infinity, notAfter: Infinity },
      { key: 'B', id: 'x', notBefore: 1, notAfter: 5 },
    ])
  })

  it(`accepts ${MAX_KEYS} entries and rejects ${MAX_KEYS + 1}`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`)
    expect(toKeyEntries(list(MAX_KEYS), 'k', prepare)).toHaveLength(10)
    expect(() => toKeyEntries(list(MAX_KEYS + 1), 'k', prepare)).toThrow(WebhookConfigError)
  })

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['an empty list', []],
    ['notBefore after notAfter', { value: 'a', notBefore: 2, notAfter: 1 }],
    ['an invalid date', { value: 'a', notAfter: 'tomorrow' }],
    ['a non-string id', { value: 'a', id: 1 }],
  ])('throws WebhookConfigError for %s', (_name, input) => {
    expect(() => toKeyEntries(input as never, 'k', prepare)).toThrow(WebhookConfigError)
  })

  it('accepts notBefore equal to notAfter (a single valid instant)', () => {
    const [entry] = toKeyEntries<string, string>(
      { value: 'a', notBefore: 7, notAfter: 7 },
      'k',
      prepare,
    )
    expect([isActive(entry!, 6), isActive(entry!, 7), isActive(entry!, 8)]).toEqual([
      false,
      true,
      false,
    ])
  })
})
