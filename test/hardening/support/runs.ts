/**
 * How many inputs the fuzzers generate. `HOOKWARDEN_FUZZ_RUNS` is the number per check type (default
 * 100,000, what CI runs); each subject takes its `share` of it, so `HOOKWARDEN_FUZZ_RUNS=2000` gives
 * a quick local pass with the same mix. `HOOKWARDEN_FUZZ_SEED` replays a failing run.
 */
const DEFAULT_RUNS = 100_000

function positive(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got ${raw}`)
  return n
}

export const FUZZ_RUNS = positive('HOOKWARDEN_FUZZ_RUNS') ?? DEFAULT_RUNS
/** fast-check prints the seed of a failing run (it may be negative). */
export const FUZZ_SEED = ((raw) => {
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n))
    throw new Error(`HOOKWARDEN_FUZZ_SEED must be an integer, got ${raw}`)
  return n
})(process.env['HOOKWARDEN_FUZZ_SEED'])
/** Prints per-subject counts (verdicts, accepted, codes) when set. */
export const FUZZ_VERBOSE = process.env['HOOKWARDEN_FUZZ_VERBOSE'] === '1'

export function runsFor(share: number): number {
  return Math.max(20, Math.round(FUZZ_RUNS * share))
}

/** fast-check parameters shared by every fuzz property. */
export function fcParams(numRuns: number): { numRuns: number; seed?: number; endOnFailure: true } {
  return { numRuns, endOnFailure: true, ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }) }
}
