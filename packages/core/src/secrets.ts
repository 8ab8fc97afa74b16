/**
 * Secrets, keys and credentials with validity windows, and `rotation()` to build them.
 */
import { WebhookConfigError } from './errors.js'
import { checkOptions, type OptionNames } from './lib/options.js'

export type DateInput = Date | string | number

/** A secret or key with an optional id (reported as `keyId`) and validity window. */
export interface SecretEntry<T = string | Uint8Array> {
  value: T
  id?: string | undefined
  /** Not valid before this instant (inclusive). */
  notBefore?: DateInput | undefined
  /** Not valid after this instant (inclusive: valid at exactly `notAfter`). */
  notAfter?: DateInput | undefined
}

export type SecretInput = string | Uint8Array | SecretEntry
/** One secret, or several (rotation): each may carry `id`, `notBefore`, `notAfter`. */
export type Secrets = SecretInput | readonly SecretInput[]

/** A prepared key and the window it is valid in (ms since epoch, bounds inclusive). */
export interface KeyEntry<K> {
  readonly key: K
  readonly id: string | undefined
  readonly notBefore: number
  readonly notAfter: number
}

/** Most keys a check takes: bounds the work one request can cause. */
export const MAX_KEYS = 10

export function toMillis(value: DateInput, what: string): number {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value)
  if (!Number.isFinite(ms)) throw new WebhookConfigError(`${what}: invalid date`)
  return ms
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
): KeyEntry<K>[] {
  const list = (Array.isArray(input) ? input : input === undefined ? [] : [input]) as (
    T | SecretEntry<T>
  )[]
  if (list.length === 0) throw new WebhookConfigError(`${what}: at least one is required`)
  if (list.length > MAX_KEYS) {
    throw new WebhookConfigError(`${what}: at most ${MAX_KEYS} may be configured at once`)
  }
  return list.map((item) => {
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
    return { key: prepare(entry.value), id: entry.id, notBefore, notAfter }
  })
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
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim())
    if (match) return Number(match[1]) * UNITS[match[2]!]!
  }
  throw new WebhookConfigError(`${what}: expected ms or a duration such as '24h'`)
}

export interface RotationOptions<T = string | Uint8Array> {
  current: T | SecretEntry<T>
  /** The secret being rolled out; omit when there is none. */
  previous?: T | SecretEntry<T> | undefined
  /** When the new secret was issued. */
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
 * hmac({ header: 'x-signature', encoding: 'hex',
 *   secrets: rotation({ current: NEW, previous: OLD, rolledAt: '2026-11-01T00:00:00Z', grace: '24h' }) })
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
