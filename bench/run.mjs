#!/usr/bin/env node
/**
 * `pnpm bench`: hookwarden's built core against raw node:crypto and the senders' SDKs, then the
 * same HMAC check inside workerd, Bun and Deno, cold starts, the memory store's bytes per entry and
 * each replay store against hand-written writes. Writes bench/results/{results.json,results.md,
 * chart.svg}.
 *
 *   node bench/run.mjs            full run (about 2 minutes after the build)
 *   node bench/run.mjs --quick    fewer, shorter rounds (a smoke test)
 *   node bench/run.mjs --filter stripe   only cases whose name contains "stripe" (plus the baseline)
 *   --skip runtimes,cold,memory,stores   leave sections out
 *
 * To add a suite (e.g. ECDSA), write `bench/cases/<name>.mjs` returning cases as in `hmac.mjs`
 * and append them to `cases` below; targets are optional.
 */
import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { ecdsaCases, ecdsaTargets } from './cases/ecdsa.mjs'
import { hmacCases, hmacTargets } from './cases/hmac.mjs'
import { svixCases } from './cases/svix.mjs'
import { failures, pairedRatio, printTables, printTargets, runInterleaved } from './lib.mjs'
import { kindOf, writeResults } from './report.mjs'
import { coldStart, runtimeBench } from './runtimes.mjs'
import { storeBench } from './stores.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const filterAt = args.indexOf('--filter')
const filter = filterAt >= 0 ? args[filterAt + 1] : undefined
const skipAt = args.indexOf('--skip')
const skip = new Set(skipAt >= 0 ? args[skipAt + 1].split(',') : [])
if (filter) for (const section of ['runtimes', 'cold', 'memory', 'stores']) skip.add(section)

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
const machine =
  `Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, ` +
  `${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at start`
console.log(
  `hookwarden bench: ${machine}; ${cases.length} cases interleaved${quick ? ' (quick)' : ''}`,
)
const results = await runInterleaved(cases, {
  rounds: quick ? 3 : 9,
  sliceMs: quick ? 60 : 100,
  onRound: (round, rounds) => process.stderr.write(`\rround ${round}/${rounds}`),
})
process.stderr.write('\r')
const nodeTables = printTables(results, cases, { baseline: 'node:crypto raw' })
console.log(nodeTables)
let targetLines = ''
if (!filter) {
  const targets = [
    ...hmacTargets(groupOf.get(G256), groupOf.get(G4K)),
    ...ecdsaTargets(groupOf.get(ECDSA)),
  ]
  targetLines = printTargets(results, targets)
  console.log(targetLines)
}

const section = async (name, what, fn) => {
  if (skip.has(name)) return undefined
  process.stderr.write(`${what}...\n`)
  return fn()
}
const pct = (r) => `${r.toFixed(2)}x`
const ops = (hz) => Math.round(hz).toLocaleString('en-US')
const md = [
  `# hookwarden bench`,
  '',
  `${machine}. Rates: ops per CPU second of the bench process (Node in-process cases); wall clock elsewhere. Ratios: medians of per-round ratios.`,
  '',
  '## Node, in process',
  '```',
  nodeTables.trim(),
  targetLines.trim(),
  '```',
]

const runtimes = await section('runtimes', 'workerd, Bun, Deno', () => runtimeBench({ quick }))
if (runtimes) {
  md.push(
    '',
    '## HMAC in other runtimes (hookwarden / raw `crypto.subtle.verify`, key imported once)',
    '',
    '| runtime | body | raw ops/s | hookwarden ops/s | ratio (goal >= 0.85x) |',
    '| --- | ---: | ---: | ---: | ---: |',
  )
  for (const [runtime, r] of Object.entries(runtimes)) {
    if (r.skipped) md.push(`| ${runtime} | skipped: ${r.skipped} | | | |`)
    else
      for (const [size, x] of Object.entries(r))
        md.push(
          `| ${runtime} | ${size} B | ${ops(x.raw)} | ${ops(x.hookwarden)} | ${pct(x.ratio)} |`,
        )
  }
}
const cold = await section('cold', 'cold starts', () => coldStart({ quick }))
if (cold) {
  md.push(
    '',
    `## Cold start: import + build a verifier (median of ${cold.n} fresh processes)`,
    '',
    '| library | Node: import + setup | Node: whole process | workerd: first response over an empty worker | workerd bundle |',
    '| --- | ---: | ---: | ---: | ---: |',
  )
  for (const [name, x] of Object.entries(cold.node)) {
    const w = cold.workerd?.[name]
    md.push(
      `| ${name} | ${x.importMs.toFixed(1)} ms | ${x.processMs.toFixed(0)} ms | ${w ? `${w.overEmptyMs.toFixed(0)} ms` : ''} | ${w ? `${(w.bundleBytes / 1024).toFixed(0)} KiB` : ''} |`,
    )
  }
  if (cold.workerd?.skipped) md.push('', `workerd cold start skipped: ${cold.workerd.skipped}`)
  else if (cold.workerd)
    md.push(
      '',
      `workerd: an empty worker's first response takes ${cold.workerd.emptyMs.toFixed(0)} ms (runtime start-up); the differences above are within its noise.`,
    )
}
const memory = await section('memory', 'memory store', () => {
  const script = fileURLToPath(new URL('./memory-store.mjs', import.meta.url))
  const entries = quick ? 200_000 : 1_000_000
  const out = execFileSync(process.execPath, ['--expose-gc', script, '--entries', String(entries)])
  return JSON.parse(out.toString().trim().split('\n').pop())
})
if (memory) {
  md.push(
    '',
    '## memoryReplayStore',
    '',
    `${memory.entries.toLocaleString('en-US')} deliveries committed (${memory.keyChars}-character keys): **${memory.heapBytesPerEntry.toFixed(0)} B/entry of heap** (${memory.heapMiB.toFixed(0)} MiB), ${memory.rssBytesPerEntry.toFixed(0)} B/entry of RSS (${memory.rssMiB.toFixed(0)} MiB), after a full GC.`,
  )
}
const stores = await section('stores', 'replay stores', () => storeBench({ quick }))
if (stores) {
  md.push(
    '',
    '## Replay stores: verify + reserve + commit (`receive` + `settle(200)`), sequential, wall clock',
    '',
    '| store | ops/s | verify only | by hand (verify + 2 writes) | vs by hand (goal >= 0.8x) | round trips (by hand) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  )
  for (const name of ['ioredis', 'node-redis', 'postgres']) {
    const r = stores[name]
    if (!r) continue
    if (r.skipped) md.push(`| ${name} | skipped: ${r.skipped} | | | | |`)
    else
      md.push(
        `| ${name} | ${ops(r.storeOps)} | ${ops(r.verifyOnlyOps)} | ${ops(r.byHandOps)} | ${pct(r.vsByHand)} | ${r.roundTrips} (${r.roundTripsByHand}) |`,
      )
  }
  if (stores.error) md.push('', `stores: ${stores.error.split('\n')[0]}`)
}

// The chart: per section, each case's throughput against its hand-written baseline.
const sections = []
for (const group of [...new Set(results.map((r) => r.group))]) {
  const rows = results.filter((r) => r.group === group)
  const base = rows.find((r) => r.name === 'node:crypto raw')
  if (!base) continue
  sections.push({
    title: `Node: ${group}`,
    note: `raw node:crypto = ${ops(base.hz)} ops/s`,
    bars: rows.map((r) => ({ label: r.name, ratio: pairedRatio(r, base), kind: kindOf(r.name) })),
  })
}
if (runtimes) {
  const bars = []
  for (const [runtime, r] of Object.entries(runtimes))
    if (!r.skipped)
      for (const [size, x] of Object.entries(r))
        bars.push({
          label: `hookwarden in ${runtime}, ${size} B`,
          ratio: x.ratio,
          kind: 'hookwarden',
        })
  if (bars.length > 0)
    sections.push({
      title: 'HMAC in workerd, Bun, Deno',
      note: "raw = the runtime's crypto.subtle.verify",
      bars,
    })
}
if (stores) {
  const bars = []
  for (const name of ['ioredis', 'node-redis', 'postgres'])
    if (stores[name] && !stores[name].skipped)
      bars.push({
        label: `hookwarden + ${name} store`,
        ratio: stores[name].vsByHand,
        kind: 'hookwarden',
      })
  if (bars.length > 0)
    sections.push({
      title: 'Replay stores (verify, reserve, commit)',
      note: 'raw = the same client writing by hand',
      bars,
    })
}
const dir = fileURLToPath(new URL('./results/', import.meta.url))
if (!filter) {
  writeResults(dir, {
    meta: { machine, date: new Date().toISOString(), quick },
    sections,
    markdown: md.join('\n'),
    data: {
      node: results.map(({ name, group, hz, spread }) => ({ name, group, hz, spread })),
      runtimes,
      cold,
      memory,
      stores: stores && { ...stores, measured: undefined },
    },
  })
}
console.log(md.slice(md.indexOf('```', 8) + 1).join('\n'))
console.log(
  `\n${((Date.now() - started) / 1000).toFixed(1)} s; failed verifications while timing: ${failures()}` +
    (filter ? '' : `; results in ${dir}`),
)
if (failures() > 0) process.exitCode = 1
