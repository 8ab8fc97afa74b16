/**
 * Timestamp parsing (strict: digits only, or a full ISO-8601 instant) and the two-sided tolerance.
 */
import { WebhookConfigError, type VerificationErrorCode } from '../errors.js'

/**
 * `unix`: seconds; `unix-ms`: milliseconds; `iso8601`: e.g. `2024-04-12T15:22:37Z` (RFC 3339);
 * `iso8601-utc`: the same, but a missing zone means UTC (Orb's `X-Orb-Timestamp` carries none).
 */
export type TimestampFormat = 'unix' | 'unix-ms' | 'iso8601' | 'iso8601-utc'

export const TIMESTAMP_FORMATS: readonly TimestampFormat[] = [
  'unix',
  'unix-ms',
  'iso8601',
  'iso8601-utc',
]

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/

const ZONE = /(?:[Zz]|[+-]\d{2}:\d{2})$/

/** Milliseconds since the epoch, or `undefined` for anything not strictly in `format`. */
export function parseTimestamp(text: string, format: TimestampFormat): number | undefined {
  if (format === 'iso8601') return parseIso(text)
  // Only the zone may be left out: the rest of the grammar stays strict.
  if (format === 'iso8601-utc') return parseIso(ZONE.test(text) ? text : `${text}Z`)
  if (!/^\d{1,16}$/.test(text)) return undefined
  const n = Number(text)
  return format === 'unix' ? n * 1000 : n
}

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text)
  return m ? isoInstant(m) : undefined
}

/**
 * The instant of an ISO-8601 match (groups: year, month, day, then optionally hour, minute,
 * second, fraction, zone; a missing zone is UTC), or `undefined` unless it is a real calendar day
 * and time of day with an RFC 3339 offset (up to 23:59). The one place dates are checked, for
 * request timestamps and configured key windows alike.
 */
export function isoInstant(groups: RegExpExecArray): number | undefined {
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = groups
  const [mo, d, h, mi, s] = [month, day, hour, minute, second].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const upper = zone.toUpperCase()
  const sign = upper.startsWith('-') ? -1 : 1
  const [offH, offMin] = (upper === 'Z' ? '00:00' : zone.slice(1)).split(':').map(Number) as [
    number,
    number,
  ]
  // setUTCFullYear, not Date.UTC: years 0-99 stay themselves; a rolled-over day (02-30) shows as
  // a month or day that did not round-trip.
  const date = new Date(0)
  date.setUTCFullYear(Number(year), mo - 1, d)
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  if (h > 23 || mi > 59 || s > 59 || offH > 23 || offMin > 59) return undefined
  const minutes = h * 60 + mi - sign * (offH * 60 + offMin)
  return date.getTime() + (minutes * 60 + s) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'))
}

/** Formats `ms` the way a sender would write it (used for signing in tests). */
export function formatTimestamp(ms: number, format: TimestampFormat): string {
  if (format === 'unix') return String(Math.floor(ms / 1000))
  if (format === 'unix-ms') return String(Math.floor(ms))
  const iso = new Date(ms).toISOString().replace('.000Z', 'Z')
  return format === 'iso8601-utc' ? iso.slice(0, -1) : iso
}

/** Both directions: a timestamp too far in the future is as suspect as an old one. `0` disables. */
export function checkTolerance(
  timestamp: number,
  now: number,
  toleranceSeconds: number,
): VerificationErrorCode | undefined {
  if (toleranceSeconds === 0) return undefined
  const limit = toleranceSeconds * 1000
  if (now - timestamp > limit) return 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD'
  if (timestamp - now > limit) return 'ERR_WEBHOOK_TIMESTAMP_TOO_NEW'
  return undefined
}

/** Validates a tolerance option: seconds, finite, not negative; `0` means "do not check". */
export function validTolerance(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new WebhookConfigError(
      `${what}: tolerance must be a finite number of seconds >= 0 (0 disables the check)`,
    )
  }
  return value
}
