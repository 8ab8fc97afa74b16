/**
 * Secrets, keys and credentials with validity windows, and `rotation()` to build them.
 */
import { WebhookConfigError } from './errors.js'
import { isNonEmpty, type NonEmpty } from './lib/non-empty.js'
import { checkOptions, type OptionNames } from './lib/options.js'
import { isoInstant } from './lib/timestamp.js'

/**
 * An instant: a valid `Date`; an ISO 8601 string with `Z` or an offset
 * (`'2026-01-01T00:00:00Z'`, `'2026-01-01T02:00:00+02:00'`) or a date alone (`'2026-01-01'`,
 * midnight UTC); or a number of milliseconds since the Unix epoch (`Date.now()`, `Date.parse(…)`),
 * never seconds. An ISO date-time without an offset is refused: JavaScript reads it in the
 * server's local time zone, so a roll would happen hours off on a server outside UTC.
 */
export type DateInput = Date | string | number

/** A secret or key with an optional id (reported as `keyId`) and validity window. */
export interface SecretEntry<T = string | Uint8Array> {
  value: T
  id?: string | undefined
  /** Not valid before this instant (inclusive). A number is ms since the epoch (see `DateInput`). */
  notBefore?: DateInput | undefined
  /**
   * Not valid after this instant (inclusive: valid at exactly `notAfter`). A number is ms since the
   * epoch (see `DateInput`).
   */
  notAfter?: DateInput | undefined
}

export type SecretInput = string | Uint8Array | SecretEntry
/** One secret, or several (rotation): each may carry `id`, `notBefore`, `notAfter`. */
export type Secrets = SecretInput | readonly SecretInput[]

/** A prepared key and the window it is valid in (ms since epoch, bounds inclusive). */
export interface KeyEntry<K> {
  readonly key: K
  readonly id: string | undefined
  /**
   * Where the entry stands in the configured list (`'0'`, `'1'`, ...): reported as `keyId` when
   * it has no `id`. A string made once here, not per verification.
   */
  readonly position: string
  readonly notBefore: number
  readonly notAfter: number
}

/**
 * Whether the secret or key that matched is the one senders should be using now (`'current'`) or
 * an older one still accepted (`'previous'`): the signal that a sender has not rolled yet.
 */
export type KeyStatus = 'current' | 'previous'

/**
 * `'current'` when `entry` is the newest of `entries` valid at `now`: the one that became valid
 * last (latest `notBefore`), then the one valid longest (latest `notAfter`: `rotation()`'s
 * previous secret carries one, the current does not), then the first listed. `entries` must hold
 * `entry` (for keys fetched by `kid`: the keys fetched).
 */
export function keyStatus(
  entries: readonly KeyEntry<unknown>[],
  entry: KeyEntry<unknown>,
  now: number,
): KeyStatus {
  // One key (the common case): nothing newer can exist.
  if (entries.length === 1) return 'current'
  let newest: KeyEntry<unknown> | undefined
  for (const e of entries) {
    if (!isActive(e, now)) continue
    if (
      newest === undefined ||
      e.notBefore > newest.notBefore ||
      (e.notBefore === newest.notBefore && e.notAfter > newest.notAfter)
    )
      newest = e
  }
  // `entry` matched, so it is valid now: `newest` is set, and is `entry` unless a newer one exists.
  return newest === entry ? 'current' : 'previous'
}

/** Most keys a check takes: bounds the work one request can cause. */
export const MAX_KEYS = 10

/** 1e11 ms is March 1973; as seconds it is the year 5138, so smaller numbers are taken for seconds. */
const MIN_MS = 1e11
/** The largest instant a `Date` can hold (ECMA-262 §21.4.1.1). */
const MAX_MS = 8.64e15

// RFC 3339 date-time (upper-case `T`/`Z`) or a date alone; the zone is optional here only so
// its absence can be reported as such.
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/

const FORMS =
  "a Date, an ISO 8601 string such as '2026-01-01T00:00:00Z' or '2026-01-01' (UTC), " +
  'or milliseconds since the epoch'

/** Parses the ISO forms of `DateInput` itself (no `Date.parse`: its fallbacks differ by engine). */
function parseIsoDate(text: string, what: string): number {
  const match = ISO_DATE.exec(text)
  if (match === null) throw new WebhookConfigError(`${what}: expected ${FORMS}`)
  const [, , , , hour, , , , zone] = match
  if (hour !== undefined && zone === undefined) {
    throw new WebhookConfigError(
      `${what}: an ISO date-time without a UTC offset is read in the server's local time zone; ` +
        "add 'Z' for UTC or an offset such as '+02:00'",
    )
  }
  const instant = isoInstant(match)
  if (instant === undefined)
    throw new WebhookConfigError(`${what}: not a valid date or time of day`)
  return instant
}

/**
 * Milliseconds since the epoch for a `DateInput`, or `WebhookConfigError` saying how to write it.
 * Numbers must be plausible millisecond instants (>= 1e11, i.e. after March 1973): a value in
 * unix seconds would otherwise put a key's window in 1970. `anyNumber` lifts that for test
 * timestamps (`signRequest`), where small instants are legitimate.
 */
export function toMillis(value: DateInput, what: string, anyNumber = false): number {
  if (value instanceof Date) {
    const ms = value.getTime()
    if (!Number.isFinite(ms)) throw new WebhookConfigError(`${what}: invalid Date`)
    return ms
  }
  if (typeof value === 'string') return parseIsoDate(value, what)
  if (typeof value !== 'number') throw new WebhookConfigError(`${what}: expected ${FORMS}`)
  if (!Number.isFinite(value) || value < 0 || value > MAX_MS) {
    throw new WebhookConfigError(
      `${what}: a number must be finite milliseconds since the epoch, from 0 to 8.64e15`,
    )
  }
  if (!anyNumber && value < MIN_MS) {
    throw new WebhookConfigError(
      `${what}: a number is milliseconds since the epoch, and this one looks like unix seconds ` +
        '(before 1973 as ms): multiply it by 1000, or pass a Date or an ISO string',
    )
  }
  return value
}

function isEntry<T>(value: unknown): value is SecretEntry<T> {
  return (
    typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && 'value' in value
  )
}

/**
 * Validates and prepares every entry once, at construction. `prepare` turns the raw value into key
 * material and throws `WebhookConfigError` when it is unusable.
 */
export function toKeyEntries<T, K>(
  input: T | SecretEntry<T> | readonly (T | SecretEntry<T>)[] | undefined,
  what: string,
  prepare: (value: T) => K,
): NonEmpty<KeyEntry<K>> {
  const list = (Array.isArray(input) ? input : input === undefined ? [] : [input]) as (
    T | SecretEntry<T>
  )[]
  if (list.length > MAX_KEYS) {
    throw new WebhookConfigError(`${what}: at most ${MAX_KEYS} may be configured at once`)
  }
  const entries = list.map((item, index): KeyEntry<K> => {
    const entry: SecretEntry<T> = isEntry<T>(item) ? item : { value: item }
    const notBefore =
      entry.notBefore === undefined ? -Infinity : toMillis(entry.notBefore, `${what} notBefore`)
    const notAfter =
      entry.notAfter === undefined ? Infinity : toMillis(entry.notAfter, `${what} notAfter`)
    if (notBefore > notAfter) throw new WebhookConfigError(`${what}: notBefore is after notAfter`)
    if (entry.id !== undefined && typeof entry.id !== 'string') {
      throw new WebhookConfigError(`${what}: id must be a string`)
    }
    // An unset environment variable read as '' (or a stray newline) must not become a key.
    if (typeof entry.value === 'string' && entry.value.trim() === '') {
      throw new WebhookConfigError(
        `${what}: a value is empty or whitespace only (is its environment variable set?)`,
      )
    }
    return { key: prepare(entry.value), id: entry.id, position: `${index}`, notBefore, notAfter }
  })
  if (!isNonEmpty(entries)) throw new WebhookConfigError(`${what}: at least one is required`)
  return entries
}

/** The entry `signRequest` signs with: the first active at `now`, else the first configured. */
export function signingEntry<K>(entries: NonEmpty<KeyEntry<K>>, now: number): KeyEntry<K> {
  return entries.find((entry) => isActive(entry, now)) ?? entries[0]
}

export function isActive(entry: KeyEntry<unknown>, now: number): boolean {
  return now >= entry.notBefore && now <= entry.notAfter
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `'24h'`, `'30m'`, `'90s'`, `'2d'`, `'500ms'` or a number of ms. */
export function parseDuration(value: number | string, what: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value
  } else {
    const [, amount, unit = ''] = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim()) ?? []
    const scale = UNITS[unit]
    if (amount !== undefined && scale !== undefined) return Number(amount) * scale
  }
  throw new WebhookConfigError(`${what}: expected ms or a duration such as '24h'`)
}

export interface RotationOptions<T = string | Uint8Array> {
  current: T | SecretEntry<T>
  /** The secret being rolled out; omit when there is none. */
  previous?: T | SecretEntry<T> | undefined
  /**
   * When the new secret was issued: a `Date`, an ISO string with `Z` or an offset, a date alone
   * (UTC), or ms since the epoch (see `DateInput`).
   */
  rolledAt: DateInput
  /** How long the previous secret stays valid after `rolledAt`: ms or `'24h'`. */
  grace: number | string
}

const ROTATION_OPTIONS: OptionNames<RotationOptions> = {
  current: true,
  previous: true,
  rolledAt: true,
  grace: true,
}

/**
 * The secrets to accept during a roll: the current one, and the previous one until
 * `rolledAt + grace`. Ids default to `'current'` and `'previous'`, reported as `keyId`.
 *
 * @example
 * const check = hmac({
 *   header: 'x-signature',
 *   encoding: 'hex',
 *   secrets: rotation({
 *     current: process.env['WEBHOOK_SECRET'] ?? '',
 *     previous: process.env['WEBHOOK_SECRET_PREVIOUS'] ?? '',
 *     rolledAt: '2026-11-01T00:00:00Z',
 *     grace: '24h',
 *   }),
 * })
 */
export function rotation<T = string | Uint8Array>(options: RotationOptions<T>): SecretEntry<T>[] {
  checkOptions(options, ROTATION_OPTIONS, 'rotation')
  if (options.current === undefined || options.current === null) {
    throw new WebhookConfigError('rotation: current is required (the secret in use now)')
  }
  const current: SecretEntry<T> = isEntry<T>(options.current)
    ? { id: 'current', ...options.current }
    : { value: options.current, id: 'current' }
  if (options.previous === undefined) return [current]
  const until =
    toMillis(options.rolledAt, 'rotation rolledAt') + parseDuration(options.grace, 'rotation grace')
  const previous: SecretEntry<T> = isEntry<T>(options.previous)
    ? { id: 'previous', ...options.previous, notAfter: until }
    : { value: options.previous, id: 'previous', notAfter: until }
  return [current, previous]
}
