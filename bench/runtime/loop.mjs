/**
 * The Bun and Deno side: interleaved slices inside the runtime (its own clock), one JSON line out.
 * Argument: slice ms and rounds, e.g. `150 7`.
 */
import { makeCases, repeat } from './cases.mjs'

const argv = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2)
const sliceMs = Number(argv[0] ?? 150)
const rounds = Number(argv[1] ?? 7)
const cases = await makeCases()
const names = Object.keys(cases).flatMap((size) => ['raw', 'hookwarden'].map((n) => [size, n]))
const rates = Object.fromEntries(names.map(([s, n]) => [`${s} ${n}`, []]))
let failed = 0
for (let round = -1; round < rounds; round++) {
  const order = names.map((_, i) => names[(i + Math.max(round, 0)) % names.length])
  if (round % 2 === 1) order.reverse()
  for (const [size, name] of order) {
    const fn = cases[size][name]
    let ops = 0
    const start = performance.now()
    let now
    do {
      failed += await repeat(fn, 64)
      ops += 64
      now = performance.now()
    } while (now - start < sliceMs)
    if (round >= 0) rates[`${size} ${name}`].push(ops / ((now - start) / 1000))
  }
}
console.log(JSON.stringify({ rates, failed }))
