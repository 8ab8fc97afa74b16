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
import {
  isActive,
  MAX_KEYS,
  parseDuration,
  rotation,
  toKeyEntries,
  type DateInput,
} from './secrets.js'

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
  /** 2026-01-01T00:00:00Z, from Date.UTC rather than the parser under test. */
  const T = Date.UTC(2026, 0, 1)
  const prepare = (value: string) => value.toUpperCase()

  it('accepts one value, an entry, or a list of both, and prepares each once', () => {
    expect(toKeyEntries('a', 'k', prepare)).toEqual([
      { key: 'A', id: undefined, position: '0', notBefore: -Infinity, notAfter: Infinity },
    ])
    expect(
      toKeyEntries<string, string>(
        ['a', { value: 'b', id: 'x', notAfter: T + 5, notBefore: new Date(T + 1) }],
        'k',
        prepare,
      ),
    ).toEqual([
      { key: 'A', id: undefined, position: '0', notBefore: -Infinity, notAfter: Infinity },
      { key: 'B', id: 'x', position: '1', notBefore: T + 1, notAfter: T + 5 },
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
    ['notBefore after notAfter', { value: 'a', notBefore: T + 2, notAfter: T + 1 }],
    ['an invalid date', { value: 'a', notAfter: 'tomorrow' }],
    ['a non-string id', { value: 'a', id: 1 }],
  ])('throws WebhookConfigError for %s', (_name, input) => {
    expect(() => toKeyEntries(input as never, 'k', prepare)).toThrow(WebhookConfigError)
  })

  it('accepts notBefore equal to notAfter (a single valid instant)', () => {
    const [entry] = toKeyEntries<string, string>(
      { value: 'a', notBefore: T + 7, notAfter: T + 7 },
      'k',
      prepare,
    )
    expect([isActive(entry!, T + 6), isActive(entry!, T + 7), isActive(entry!, T + 8)]).toEqual([
      false,
      true,
      false,
    ])
  })
})

describe('dates in notBefore, notAfter and rolledAt', () => {
  const JAN_1 = Date.UTC(2026, 0, 1)
  const windowOf = (notAfter: unknown): number =>
    toKeyEntries<string, string>({ value: 'a', notAfter } as never, 'hmac secrets', (v) => v)[0]!
      .notAfter
  const configError = (run: () => unknown): WebhookConfigError => {
    try {
      run()
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookConfigError)
      expect((error as WebhookConfigError).code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
      return error as WebhookConfigError
    }
    throw new Error('expected a WebhookConfigError')
  }

  it.each<[string, DateInput, number]>([
    ['a Date', new Date(JAN_1), JAN_1],
    ['ISO with Z', '2026-01-01T00:00:00Z', JAN_1],
    ['ISO with Z and milliseconds', '2026-01-01T00:00:00.250Z', JAN_1 + 250],
    ['ISO with microseconds (truncated to ms)', '2026-01-01T00:00:00.123456Z', JAN_1 + 123],
    ['ISO without seconds', '2026-01-01T00:00Z', JAN_1],
    ['ISO with a positive offset', '2026-01-01T02:00:00+02:00', JAN_1],
    ['ISO with a negative offset', '2025-12-31T19:30:00-04:30', JAN_1],
    ['a date alone (midnight UTC)', '2026-01-01', JAN_1],
    ['a leap day', '2028-02-29', Date.UTC(2028, 1, 29)],
    ['ms since the epoch', JAN_1, JAN_1],
    ['the smallest number taken for ms (1e11, March 1973)', 1e11, 1e11],
  ])('accepts %s', (_name, value, expected) => {
    expect(windowOf(value)).toBe(expected)
    expect(rotation({ current: 'n', previous: 'o', rolledAt: value, grace: 0 })[1]?.notAfter).toBe(
      expected,
    )
  })

  it.each(['2026-01-01T00:00:00', '2026-01-01T00:00', '2026-01-01T00:00:00.000'])(
    'rejects %j, an ISO date-time without an offset (local time), saying to add Z',
    (value) => {
      for (const run of [
        () => windowOf(value),
        () => toKeyEntries({ value: 'a', notBefore: value }, 'hmac secrets', (v) => v),
        () => rotation({ current: 'n', previous: 'o', rolledAt: value, grace: '24h' }),
      ]) {
        const error = configError(run)
        expect(error.message).toMatch(/without a UTC offset/)
        expect(error.message).toMatch(/add 'Z' for UTC or an offset such as '\+02:00'/)
      }
    },
  )

  it('names the option that was wrong', () => {
    expect(configError(() => windowOf('2026-01-01T00:00:00')).message).toMatch(
      /^hmac secrets notAfter: /,
    )
    expect(
      configError(() => rotation({ current: 'n', previous: 'o', rolledAt: 'x', grace: 0 })).message,
    ).toMatch(/^rotation rolledAt: /)
  })

  it.each([
    'Jan 1 2026',
    'yesterday',
    'tomorrow',
    'now',
    '',
    ' 2026-01-01',
    '2026-01-01 ',
    '2026/01/01',
    '01/02/2026',
    '2026-1-1',
    '20260101',
    '2026-01-01 00:00:00Z',
    '2026-01-01t00:00:00z',
    '2026-01-01T00:00:00+0200',
    '2026-01-01T00:00:00 GMT',
    'Thu, 01 Jan 2026 00:00:00 GMT',
    '1767225600000',
    '+002026-01-01T00:00:00Z',
  ])('rejects the non-ISO string %j', (value) => {
    expect(configError(() => windowOf(value)).message).toMatch(
      /expected a Date, an ISO 8601 string such as '2026-01-01T00:00:00Z'/,
    )
  })

  it.each([
    '2026-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T23:59:60Z',
    '2026-01-01T00:00:00+24:00',
    '2026-01-01T00:00:00+01:60',
  ])('rejects %j, out of range (never rolled over into another day)', (value) => {
    expect(configError(() => windowOf(value)).message).toMatch(/not a valid date or time of day/)
  })

  it.each([1_767_225_600, 1_700_000_000, 1, 0, 99_999_999_999])(
    'rejects %d as probably unix seconds, suggesting ms',
    (value) => {
      const error = configError(() => windowOf(value))
      expect(error.message).toMatch(/milliseconds since the epoch/)
      expect(error.message).toMatch(/looks like unix seconds/)
      expect(error.message).toMatch(/multiply it by 1000/)
    },
  )

  it.each([Number.NaN, Infinity, -Infinity, -1, -JAN_1, 8.64e15 + 1])(
    'rejects the number %d',
    (value) => {
      expect(configError(() => windowOf(value)).message).toMatch(
        /a number must be finite milliseconds since the epoch/,
      )
    },
  )

  it.each<[string, unknown]>([
    ['an invalid Date', new Date('2026-01-01T00:00:00Zjunk')],
    ['a boolean', true],
    ['an object', { year: 2026 }],
    ['null', null],
  ])('rejects %s', (_name, value) => {
    expect(() => windowOf(value)).toThrow(WebhookConfigError)
  })

  it('a seconds value in a check is a config error at construction, not a window in 1970', () => {
    expect(() =>
      hmac({ header: 'x', encoding: 'hex', secrets: { value: 's', notAfter: 1_767_225_600 } }),
    ).toThrow(/looks like unix seconds/)
  })

  it('gives the same instant whatever the server time zone', () => {
    const zone = process.env['TZ']
    try {
      process.env['TZ'] = 'Pacific/Kiritimati'
      // The hazard being refused: this engine reads an offset-less date-time as local time.
      expect(Date.parse('2026-01-01T00:00:00')).not.toBe(JAN_1)
      expect(windowOf('2026-01-01T00:00:00Z')).toBe(JAN_1)
      expect(windowOf('2026-01-01')).toBe(JAN_1)
    } finally {
      if (zone === undefined) delete process.env['TZ']
      else process.env['TZ'] = zone
    }
  })
})
