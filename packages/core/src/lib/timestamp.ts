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
  if (!m) return undefined
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m
  const local = Date.UTC(
    +y!,
    +mo! - 1,
    +d!,
    +h!,
    +mi!,
    +s!,
    Number(frac.slice(0, 3).padEnd(3, '0')),
  )
  // Date.UTC rolls 2024-02-30 over into March: reject anything that did not round-trip.
  const check = new Date(local)
  if (
    check.getUTCMonth() !== +mo! - 1 ||
    check.getUTCDate() !== +d! ||
    +h! > 23 ||
    +mi! > 59 ||
    +s! > 59
  ) {
    return undefined
  }
  if (zone === 'Z' || zone === 'z') return local
  const sign = zone[0] === '-' ? -1 : 1
  const offsetHours = Number(zone.slice(1, 3))
  const offsetMinutes = Number(zone.slice(4, 6))
  // RFC 3339 offsets stop at 23:59; anything beyond is not a time zone.
  if (offsetHours > 23 || offsetMinutes > 59) return undefined
  return local - sign * (offsetHours * 60 + offsetMinutes) * 60_000
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
