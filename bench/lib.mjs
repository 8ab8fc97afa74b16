/**
 * A small interleaved benchmark runner: every case runs for a short slice in each round, and the
 * order rotates from round to round, so machine noise (other processes, thermal steps, GC) falls on
 * all cases alike. Rates are the median of the per-round rates.
 *
 * A case is `{ name, group, run, sync?, check?, peer? }`:
 * - `group` puts cases in one table (e.g. `'hmac 4 KiB'`);
 * - `peer` names the like-for-like case of another library, for the `vs peer` column;
 * - `run()` does one operation; return a value (it is kept, so the work cannot be optimised away);
 *   a case is `sync: true` when `run` returns a plain value (awaiting it would add a tick that is
 *   not the library's);
 * - `check()` (optional) runs once before timing and throws if the case does not really verify.
 */
import { performance } from 'node:perf_hooks'

let sink = 0
/** Keeps results alive so the JIT cannot drop the work. */
function keep(value) {
  if (value === false || value === undefined || value === null) sink++
  else if (typeof value === 'object' && value.ok === false) sink++
}

/**
 * CPU time of this process (all its threads, so GC helpers count), in ms. On a shared machine it
 * leaves out the time the process waited for a core, which wall time counts: steadier ratios.
 */
const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Rates are ops per CPU second by default; `clock: 'wall'` for ops per wall-clock second. */
let clockName = 'cpu'
export function useClock(name) {
  clockName = name
}

async function timeSlice(bench, batch, ms) {
  const clock = clockName === 'wall' ? () => performance.now() : cpuMs
  let ops = 0
  const start = clock()
  let now
  if (bench.sync) {
    do {
      for (let i = 0; i < batch; i++) keep(bench.run())
      ops += batch
      now = clock()
    } while (now - start < ms)
  } else {
    do {
      for (let i = 0; i < batch; i++) keep(await bench.run())
      ops += batch
      now = clock()
    } while (now - start < ms)
  }
  return ops / ((now - start) / 1000)
}

/** Runs each case once, then sizes its batch so one batch takes about `batchMs`. */
async function prepare(bench, batchMs) {
  if (bench.check) await bench.check()
  let batch = 1
  for (;;) {
    const start = performance.now()
    for (let i = 0; i < batch; i++) keep(await bench.run())
    const elapsed = performance.now() - start
    if (elapsed >= batchMs || batch >= 1 << 20) return batch
    batch *= 2
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Runs `cases` interleaved for `rounds` rounds of `sliceMs` each (after one warm-up round) and
 * returns `{ name, group, hz, spread, rates }` per case; `spread` is the interquartile range over
 * the median, as a fraction.
 */
export async function runInterleaved(
  cases,
  { rounds = 7, sliceMs = 150, batchMs = 2, onRound } = {},
) {
  const batches = []
  for (const c of cases) batches.push(await prepare(c, batchMs))
  const rates = cases.map(() => [])
  for (let round = -1; round < rounds; round++) {
    // Rotate the start and alternate the direction, so no case always runs first or last.
    const order = cases.map((_, i) => (i + Math.max(round, 0)) % cases.length)
    if (round % 2 === 1) order.reverse()
    for (const i of order) {
      const hz = await timeSlice(cases[i], batches[i], sliceMs)
      if (round >= 0) rates[i].push(hz)
    }
    if (round >= 0) onRound?.(round + 1, rounds)
  }
  return cases.map((c, i) => {
    const sorted = [...rates[i]].sort((a, b) => a - b)
    const q = (p) => sorted[Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))]
    const hz = median(rates[i])
    return { name: c.name, group: c.group, hz, spread: (q(0.75) - q(0.25)) / hz, rates: rates[i] }
  })
}

const fmtHz = (hz) => Math.round(hz).toLocaleString('en-US')
const fmtRatio = (r) => `${r.toFixed(2)}x`
const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n))

/**
 * `a` against `b` as the median of their per-round ratios: both ran in the same round, close in
 * time, so this cancels most of the machine's drift (steadier than a ratio of medians).
 */
export function pairedRatio(a, b) {
  return median(a.rates.map((hz, i) => hz / b.rates[i]))
}

/**
 * One table per group: ops/s, spread, the paired ratio to `baseline` (a case name), and to the
 * case's own `peer` when it names one (like-for-like SDK).
 */
export function printTables(results, cases, { baseline } = {}) {
  const peerOf = new Map(cases.map((c) => [`${c.group}\0${c.name}`, c.peer]))
  const lines = []
  for (const group of [...new Set(results.map((r) => r.group))]) {
    const rows = results.filter((r) => r.group === group)
    const base = rows.find((r) => r.name === baseline)
    const width = Math.max(...rows.map((r) => r.name.length), 10)
    const peerWidth = Math.max(
      ...rows.map((r) => (peerOf.get(`${group}\0${r.name}`) ?? '').length),
      4,
    )
    const head = [
      pad('case', width),
      pad('ops/s', 10, true),
      pad('±iqr', 5, true),
      pad('vs raw', 7, true),
      pad('vs peer', 8, true),
      'peer',
    ]
    lines.push(
      '',
      `## ${group}`,
      head.join('  '),
      '-'.repeat(head.join('  ').length + peerWidth - 4),
    )
    for (const r of rows) {
      const peerName = peerOf.get(`${group}\0${r.name}`)
      const peer = peerName === undefined ? undefined : rows.find((x) => x.name === peerName)
      lines.push(
        [
          pad(r.name, width),
          pad(fmtHz(r.hz), 10, true),
          pad(`${(r.spread * 100).toFixed(0)}%`, 5, true),
          pad(base ? fmtRatio(pairedRatio(r, base)) : '', 7, true),
          pad(peer ? fmtRatio(pairedRatio(r, peer)) : '', 8, true),
          peer ? peer.name : '',
        ].join('  '),
      )
    }
  }
  return lines.join('\n')
}

/** One line per target (`{ group, subject, against, min }`), with its paired ratio and a mark. */
export function printTargets(results, targets) {
  const find = (group, name) => {
    const r = results.find((x) => x.group === group && x.name === name)
    if (!r) throw new Error(`bench: no case ${name} in ${group}`)
    return r
  }
  const lines = ['', '## targets (paired median ratios)']
  for (const t of targets) {
    const ratio = pairedRatio(find(t.group, t.subject), find(t.group, t.against))
    const mark = ratio >= t.min ? 'ok  ' : 'MISS'
    lines.push(
      `${mark} ${t.group.split(' (')[0]}: ${t.subject} / ${t.against} = ${fmtRatio(ratio)} (target >= ${t.min}x)`,
    )
  }
  return lines.join('\n')
}

/** Deterministic JSON body of about `size` bytes (ASCII, so bytes = characters). */
export function jsonBody(size) {
  const head = '{"id":"evt_bench","type":"invoice.paid","data":{"note":"'
  const tail = '"}}'
  const filler = 'abcdefghijklmnopqrstuvwxyz0123456789'
    .repeat(Math.ceil(size / 36))
    .slice(0, Math.max(0, size - head.length - tail.length))
  return head + filler + tail
}

/** The sink, so a caller can print it and the JIT sees it used. */
export const failures = () => sink
