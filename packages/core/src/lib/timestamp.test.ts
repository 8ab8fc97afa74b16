import { describe, expect, it } from 'vitest'
import { WebhookConfigError } from '../errors.js'
import {
  checkTolerance,
  formatTimestamp,
  parseTimestamp,
  validTolerance,
  type TimestampFormat,
} from './timestamp.js'

describe('parseTimestamp', () => {
  it.each<[string, TimestampFormat, number | undefined]>([
    ['1700000000', 'unix', 1_700_000_000_000],
    ['0', 'unix', 0],
    ['1700000000123', 'unix-ms', 1_700_000_000_123],
    ['', 'unix', undefined],
    ['-1', 'unix', undefined],
    ['+1', 'unix', undefined],
    ['1.5', 'unix', undefined],
    ['1e9', 'unix', undefined],
    ['0x10', 'unix', undefined],
    [' 1700000000', 'unix', undefined],
    ['12345678901234567', 'unix', undefined],
    ['١٧٠٠', 'unix', undefined],
    ['2024-04-12T15:22:37Z', 'iso8601', Date.UTC(2024, 3, 12, 15, 22, 37)],
    ['2024-04-12t15:22:37z', 'iso8601', Date.UTC(2024, 3, 12, 15, 22, 37)],
    ['2024-04-12 15:22:37Z', 'iso8601', Date.UTC(2024, 3, 12, 15, 22, 37)],
    ['2024-04-12T15:22:37.5Z', 'iso8601', Date.UTC(2024, 3, 12, 15, 22, 37, 500)],
    ['2024-04-12T15:22:37.123456789Z', 'iso8601', Date.UTC(2024, 3, 12, 15, 22, 37, 123)],
    ['2024-04-12T17:22:37+02:00', 'iso8601', Date.UTC(2024, 3, 12, 15, 22, 37)],
    ['2024-04-12T10:52:37-04:30', 'iso8601', Date.UTC(2024, 3, 12, 15, 22, 37)],
    ['2024-02-29T00:00:00Z', 'iso8601', Date.UTC(2024, 1, 29)],
    ['2024-02-30T00:00:00Z', 'iso8601', undefined],
    ['2023-02-29T00:00:00Z', 'iso8601', undefined],
    ['2024-04-31T00:00:00Z', 'iso8601', undefined],
    ['2024-00-10T00:00:00Z', 'iso8601', undefined],
    ['2024-04-00T00:00:00Z', 'iso8601', undefined],
    ['2024-13-01T00:00:00Z', 'iso8601', undefined],
    ['2024-04-12T24:00:00Z', 'iso8601', undefined],
    ['2024-04-12T23:60:00Z', 'iso8601', undefined],
    ['2024-04-12T23:59:60Z', 'iso8601', undefined],
    ['2024-04-12T15:22:37', 'iso8601', undefined],
    ['2024-04-12T15:22Z', 'iso8601', undefined],
    ['2024-04-12', 'iso8601', undefined],
    ['2024-04-12T15:22:37.Z', 'iso8601', undefined],
    ['2024-04-12T15:22:37+0200', 'iso8601', undefined],
    ['2024-04-12T15:22:37+24:00', 'iso8601', undefined],
    ['2024-04-12T15:22:37+02:60', 'iso8601', undefined],
    ['1712935357', 'iso8601', undefined],
    ['Fri, 12 Apr 2024 15:22:37 GMT', 'iso8601', undefined],
    [' 2024-04-12T15:22:37Z', 'iso8601', undefined],
  ])('%j as %s', (text, format, expected) => {
    expect(parseTimestamp(text, format)).toBe(expected)
  })
})

describe('formatTimestamp', () => {
  it.each<[number, TimestampFormat, string]>([
    [1_700_000_000_999, 'unix', '1700000000'],
    [1_700_000_000_999, 'unix-ms', '1700000000999'],
    [Date.UTC(2024, 3, 12, 15, 22, 37), 'iso8601', '2024-04-12T15:22:37Z'],
    [Date.UTC(2024, 3, 12, 15, 22, 37, 5), 'iso8601', '2024-04-12T15:22:37.005Z'],
  ])('%d as %s', (ms, format, expected) => {
    expect(formatTimestamp(ms, format)).toBe(expected)
    expect(parseTimestamp(expected, format)).toBe(
      format === 'unix' ? Math.floor(ms / 1000) * 1000 : ms,
    )
  })
})

describe('checkTolerance (both directions)', () => {
  const t = 1_700_000_000_000
  it.each<[string, number, number, string | undefined]>([
    ['same instant', t, 300, undefined],
    ['exactly the tolerance old', t + 300_000, 300, undefined],
    ['1 ms older than the tolerance', t + 300_001, 300, 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD'],
    ['exactly the tolerance ahead', t - 300_000, 300, undefined],
    ['1 ms further ahead than the tolerance', t - 300_001, 300, 'ERR_WEBHOOK_TIMESTAMP_TOO_NEW'],
    ['0 disables the check (old)', t + 1e12, 0, undefined],
    ['0 disables the check (future)', t - 1e12, 0, undefined],
    ['fractional tolerance', t + 1_501, 1.5, 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD'],
  ])('%s', (_name, now, tolerance, expected) => {
    expect(checkTolerance(t, now, tolerance)).toBe(expected)
  })
})

describe('validTolerance', () => {
  it.each([0, 1, 300, 0.5])('accepts %d', (value) => {
    expect(validTolerance(value, 'x')).toBe(value)
  })
  it.each([
    -1,
    -0.001,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    '300',
    null,
  ])('rejects %s', (value) => {
    expect(() => validTolerance(value, 'x')).toThrow(WebhookConfigError)
  })
})

describe("parseTimestamp 'iso8601-utc' (Orb)", () => {
  it('reads a zoneless instant as UTC, microseconds and all', () => {
    expect(parseTimestamp('2026-01-15T12:00:00.123456', 'iso8601-utc')).toBe(
      Date.UTC(2026, 0, 15, 12, 0, 0, 123),
    )
  })

  it('honours an explicit zone', () => {
    expect(parseTimestamp('2026-01-15T13:00:00+01:00', 'iso8601-utc')).toBe(
      Date.UTC(2026, 0, 15, 12),
    )
    expect(parseTimestamp('2026-01-15T12:00:00Z', 'iso8601-utc')).toBe(Date.UTC(2026, 0, 15, 12))
  })

  it.each(['2026-01-15', '2026-02-30T12:00:00', '1768478400', '2026-01-15T12:00:00ZZ', ''])(
    'rejects %j',
    (text) => {
      expect(parseTimestamp(text, 'iso8601-utc')).toBeUndefined()
    },
  )

  it('leaves plain iso8601 strict about the zone', () => {
    expect(parseTimestamp('2026-01-15T12:00:00', 'iso8601')).toBeUndefined()
  })

  it('formats without a zone, as Orb sends it', () => {
    expect(formatTimestamp(Date.UTC(2026, 0, 15, 12, 0, 0, 123), 'iso8601-utc')).toBe(
      '2026-01-15T12:00:00.123',
    )
  })
})
