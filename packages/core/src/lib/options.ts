/**
 * Loud option checking for plain-JS callers: an unknown key (a typo such as `tolerence`) is a
 * `WebhookConfigError` naming the nearest valid option, not a silently ignored setting.
 */
import { WebhookConfigError } from '../errors.js'

/** Edit distance, small inputs only (option names). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      )
    }
    previous = row
  }
  return previous[b.length] ?? 0
}

/** Whether one name starts or ends with the other (`signingSecret` / `secret`, `key` / `publicKey`). */
function affix(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  if (short.length < 3) return false
  const s = short.toLowerCase()
  const l = long.toLowerCase()
  return l.startsWith(s) || l.endsWith(s)
}

/**
 * The closest of `candidates` to `name`, if it is a likely typo (a small edit distance) or a
 * likely synonym (one name ends or starts with the other: `signingSecret` for `secret`).
 */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    // A third of the longer name may differ: `maxEntry` for `maxEntries`.
    const d = distance(name, candidate) / Math.max(6, name.length, candidate.length)
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  if (bestDistance <= 1 / 3) return best
  return candidates.find((candidate) => affix(name, candidate))
}

/** The own keys of `options` that are not in `known`, in their order. */
export function unknownOptions(options: object, known: readonly string[]): string[] {
  return Object.keys(options).filter((key) => !known.includes(key))
}

/** `'a', 'b', 'c'`: option names for a message (names are not secrets). */
export function optionList(known: readonly string[]): string {
  return known.map((k) => `'${k}'`).join(', ')
}

/** The message for unknown option `key`: the nearest valid name, else the list of valid ones. */
export function unknownOptionMessage(key: string, known: readonly string[], what: string): string {
  const hint = nearest(key, known)
  return (
    `${what}: unknown option '${key}'` +
    (hint === undefined ? `; valid options: ${optionList(known)}` : `; did you mean '${hint}'?`)
  )
}

/**
 * Throws `WebhookConfigError` for the first own key of `options` not in `known`, naming the
 * nearest valid option (option names are not secrets, so they may appear in the message).
 */
export function assertKnownOptions(options: object, known: readonly string[], what: string): void {
  const [key] = unknownOptions(options, known)
  if (key !== undefined) throw new WebhookConfigError(unknownOptionMessage(key, known, what))
}

/** Every option name of `T`, one `true` each: the compiler checks the list is complete. */
export type OptionNames<T> = { readonly [K in keyof T]-?: true }

/**
 * Throws `WebhookConfigError` unless `options` is an object whose keys are all in `names`: the
 * factory-time check of the core checks and stores (`hmac({ secret })` names `secrets`).
 */
export function checkOptions<T extends object>(options: T, names: OptionNames<T>, what: string): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new WebhookConfigError(`${what}: an options object is required`)
  }
  assertKnownOptions(options, Object.keys(names), what)
  return options
}
