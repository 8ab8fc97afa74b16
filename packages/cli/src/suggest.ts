/**
 * "Did you mean": the closest known name to a mistyped one (a preset, a flag). The core keeps
 * its own for option names internally; this small copy keeps the CLI on core's public API.
 */

/** Edit distance between short names, case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i)
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1
      row.push(
        Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      )
    }
    previous = row
  }
  return previous[y.length] ?? 0
}

/** The known name within a third of its length in edits (at least 2) of `name`, if any. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let score = Infinity
  for (const candidate of known) {
    const s = distance(name, candidate) / Math.max(6, name.length, candidate.length)
    if (s < score) [best, score] = [candidate, s]
  }
  return score <= 1 / 3 ? best : undefined
}
