#!/usr/bin/env node
/**
 * The ECDSA section of `pnpm bench`, runnable on its own against the built dist:
 *
 *   pnpm build && node bench/ecdsa.mjs [--quick]
 *
 * `bench/run.mjs` can include it by importing `ecdsaCases`/`ecdsaTargets` from `./cases/ecdsa.mjs`.
 */
import { availableParallelism, cpus } from 'node:os'
import { ecdsaCases, ecdsaTargets } from './cases/ecdsa.mjs'
import { failures, printTables, printTargets, runInterleaved } from './lib.mjs'

const quick = process.argv.includes('--quick')
const cases = ecdsaCases(4096, 'ecdsa P-256 4 KiB')
console.log(
  `hookwarden ecdsa bench: Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, ` +
    `${cases.length} cases interleaved${quick ? ' (quick)' : ''}`,
)
const results = await runInterleaved(cases, {
  rounds: quick ? 3 : 9,
  sliceMs: quick ? 100 : 250,
  onRound: (round, rounds) => process.stderr.write(`\rround ${round}/${rounds}`),
})
process.stderr.write('\r')
console.log(printTables(results, cases, { baseline: 'node:crypto raw' }))
console.log(printTargets(results, ecdsaTargets(cases[0].group)))
console.log(`\nfailed verifications while timing: ${failures()}`)
if (failures() > 0) process.exitCode = 1
