#!/usr/bin/env node
/**
 * `pnpm bench`: hookwarden's built core against raw node:crypto and the senders' SDKs.
 *
 *   node bench/run.mjs            full run (about 25 s after the build)
 *   node bench/run.mjs --quick    fewer, shorter rounds (a smoke test)
 *   node bench/run.mjs --filter stripe   only cases whose name contains "stripe" (plus the baseline)
 *
 * To add a suite (e.g. ECDSA), write `bench/cases/<name>.mjs` returning cases as in `hmac.mjs`
 * and append them to `cases` below; targets are optional.
 */
import { availableParallelism, cpus } from 'node:os'
import { ecdsaCases, ecdsaTargets } from './cases/ecdsa.mjs'
import { hmacCases, hmacTargets } from './cases/hmac.mjs'
import { svixCases } from './cases/svix.mjs'
import { failures, printTables, printTargets, runInterleaved } from './lib.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const filterAt = args.indexOf('--filter')
const filter = filterAt >= 0 ? args[filterAt + 1] : undefined

const G256 = 'hmac 256 B'
const G4K = 'hmac 4 KiB'
const ECDSA = 'ecdsa P-256 4 KiB'
let cases = [
  ...hmacCases(256, G256),
  ...svixCases(256, G256),
  ...hmacCases(4096, G4K),
  ...svixCases(4096, G4K),
  ...ecdsaCases(4096, ECDSA),
]
const groupOf = new Map(cases.map((c) => [c.group.split(' (')[0], c.group]))
if (filter) cases = cases.filter((c) => c.name === 'node:crypto raw' || c.name.includes(filter))

const started = Date.now()
console.log(
  `hookwarden bench: Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, ` +
    `${cases.length} cases interleaved${quick ? ' (quick)' : ''}`,
)
const results = await runInterleaved(cases, {
  rounds: quick ? 3 : 9,
  sliceMs: quick ? 60 : 100,
  onRound: (round, rounds) => process.stderr.write(`\rround ${round}/${rounds}`),
})
process.stderr.write('\r')
console.log(printTables(results, cases, { baseline: 'node:crypto raw' }))
if (!filter) {
  const targets = [
    ...hmacTargets(groupOf.get(G256), groupOf.get(G4K)),
    ...ecdsaTargets(groupOf.get(ECDSA)),
  ]
  console.log(printTargets(results, targets))
}
console.log(
  `\n${((Date.now() - started) / 1000).toFixed(1)} s; failed verifications while timing: ${failures()}`,
)
if (failures() > 0) process.exitCode = 1
