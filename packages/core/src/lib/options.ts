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

/** The closest of `candidates` to `name`, if it is close enough to be a likely typo. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = distance(name, candidate)
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined
}

/**
 * Throws `WebhookConfigError` for the first own key of `options` not in `known`, naming the
 * nearest valid option (option names are not secrets, so they may appear in the message).
 */
export function assertKnownOptions(options: object, known: readonly string[], what: string): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const hint = nearest(key, known)
    throw new WebhookConfigError(
      `${what}: unknown option '${key}'` +
        (hint === undefined
          ? `; valid options: ${known.map((k) => `'${k}'`).join(', ')}`
          : `; did you mean '${hint}'?`),
    )
  }
}
