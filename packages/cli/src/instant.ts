/**
 * `--now` and `--timestamp` values: an ISO-8601 instant, milliseconds, or Unix seconds.
 */
import { UsageError } from './usage-error.js'

/**
 * Milliseconds since the epoch. Digits are milliseconds, except 10 digits or fewer, which are
 * Unix seconds (what a `t=` in a capture holds).
 */
export function parseInstant(text: string, flag: string): number {
  if (/^\d{1,16}$/.test(text)) return text.length <= 10 ? Number(text) * 1000 : Number(text)
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN
  if (!Number.isFinite(ms)) {
    throw new UsageError(
      `${flag} must be an ISO-8601 instant (2026-01-15T12:00:00Z), milliseconds, or Unix seconds`,
    )
  }
  return ms
}
