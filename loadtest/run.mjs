#!/usr/bin/env node
/**
 * `pnpm loadtest`: load and soak every Node adapter with autocannon, each against a hand-written
 * route on the same framework (not part of `pnpm test` or CI; it prints measurements and asserts
 * no speed). Only to 127.0.0.1; every load is bounded in time and the run ends by itself.
 *
 *   pnpm loadtest                      6 s of mixed traffic per receiver, then the paired comparison
 *                                      (about 4 minutes for the 6 frameworks)
 *   node loadtest/run.mjs --duration 20 --connections 10 --rounds 6 --slice 5
 *   node loadtest/run.mjs --frameworks koa --duration 300 --rounds 1   a longer soak of one
 *
 * Receivers (loadtest/servers.mjs, bundled with the packages' TypeScript sources, so no build is
 * needed; each in its own process), per framework (express, koa, fetch, node, fastify, hono): the
 * hookwarden adapter and a hand-written `<framework>-raw` route (raw body + `createHmac` +
 * `timingSafeEqual`).
 * Mixed traffic: on all connections but one, a repeating sequence of 7 valid deliveries (signed,
 * 1 KiB JSON) and 2 with an invalid signature; on the last connection, deliveries one byte over
 * the 64 KiB body limit. Reported per receiver: requests/s, p50/p99 latency (valid/invalid
 * stream), responses whose status was not the expected one (200/401/413), socket errors and
 * timeouts, the receiver's RSS after the warm-up, at the end and at its peak, and its live heap
 * after a full GC at start and end (growth there, unlike in RSS, points at a leak).
 * Then the Express middleware against the raw route on valid traffic only, in alternating slices
 * (`--rounds` pairs of `--slice` seconds), as the median of the per-round ratios (goal >= 0.9x).
 */
import { fork } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { availableParallelism, cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { build } from 'esbuild'
import { LIMIT, PATH, SECRET } from './config.mjs'

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`)
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`)
  return value
}
const duration = option('duration', 6)
const connections = option('connections', 10)
const rounds = option('rounds', 5)
const slice = option('slice', 2)
const WARMUP = 2
const FRAMEWORKS = ['express', 'koa', 'fetch', 'node', 'fastify', 'hono']
const listAt = process.argv.indexOf('--frameworks')
const frameworks = listAt >= 0 ? (process.argv[listAt + 1] ?? '').split(',') : FRAMEWORKS
if (frameworks.length === 0 || frameworks.some((name) => !FRAMEWORKS.includes(name))) {
  throw new Error(`--frameworks takes a comma-separated list of ${FRAMEWORKS.join(', ')}`)
}
const chosen = frameworks.flatMap((name) => [name, `${name}-raw`])

/** servers.mjs with `@hookwarden/<name>` and core's `#crypto` seam → the TypeScript sources. */
const root = fileURLToPath(new URL('../', import.meta.url))
const serversBundle = fileURLToPath(new URL('./.tmp/servers.mjs', import.meta.url))
await build({
  entryPoints: [fileURLToPath(new URL('./servers.mjs', import.meta.url))],
  outfile: serversBundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  plugins: [
    {
      name: 'workspace-sources',
      setup(build) {
        build.onResolve({ filter: /^@hookwarden\/[a-z]+$|^#crypto$/ }, ({ path }) => ({
          path:
            path === '#crypto'
              ? `${root}packages/core/src/crypto/node.ts`
              : `${root}packages/${path.slice('@hookwarden/'.length)}/src/index.ts`,
        }))
      },
    },
  ],
})

// Deliveries: bodies and signatures made once with node:crypto.
const sign = (body, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
const validBody = JSON.stringify({ action: 'opened', note: 'x'.repeat(1000) })
const bigBody =
  JSON.stringify({ action: 'opened', note: 'x'.repeat(LIMIT) }).slice(0, LIMIT - 2) + '"}'
const oversizedBody = bigBody + ' '
if (Buffer.byteLength(oversizedBody) !== LIMIT + 1) throw new Error('oversized body: wrong size')
const kinds = {
  valid: { body: validBody, signature: sign(validBody), expect: 200 },
  invalid: { body: validBody, signature: sign(validBody, 'another secret'), expect: 401 },
  oversized: { body: oversizedBody, signature: sign(oversizedBody), expect: 413 },
}
// The receivers close the connection after an early 413 (they do not read an oversized body), so
// oversized deliveries go on a connection of their own: on a shared one, autocannon's reconnect
// would misattribute the responses that follow.
const MIX = ['valid', 'valid', 'invalid', 'valid', 'valid', 'valid', 'valid', 'invalid', 'valid']
const OVERSIZED = ['oversized']

/** autocannon's request sequence for `mix`, counting responses per kind into `counts`. */
function sequence(mix, counts) {
  return mix.map((name) => {
    const { body, signature, expect } = kinds[name]
    counts[name] ??= { sent: 0, unexpected: 0 }
    return {
      method: 'POST',
      path: PATH,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature,
        'x-github-event': 'issues',
      },
      body,
      onResponse(status) {
        counts[name].sent++
        if (status !== expect) counts[name].unexpected++
      },
    }
  })
}

/** Starts a receiver process; resolves with `{ url, rss(), stop() }`. */
function startReceiver(kind) {
  const child = fork(serversBundle, [kind], {
    stdio: 'inherit',
    execArgv: ['--expose-gc'],
  })
  const replies = []
  child.on('message', (message) => replies.shift()?.(message))
  const next = () => new Promise((resolve) => replies.push(resolve))
  return next().then(({ port }) => ({
    kind,
    url: `http://127.0.0.1:${port}`,
    rss: async () => {
      const reply = next()
      child.send('rss')
      return (await reply).rss
    },
    /** `{ rss, heap }` after a full garbage collection in the receiver. */
    memory: async () => {
      const reply = next()
      child.send('gc')
      return reply
    },
    stop: () => child.disconnect(),
  }))
}

/** One autocannon run of `mix` on `conns` connections; `rate` is responses per second. */
function load(receiver, mix, seconds, conns = connections) {
  const counts = {}
  return autocannon({
    url: receiver.url,
    connections: conns,
    duration: seconds,
    requests: sequence(mix, counts),
  }).then((result) => ({ result, counts, rate: result.requests.total / result.duration }))
}

/**
 * The mixed traffic: `MIX` on all connections but one, `OVERSIZED` on the last, at the same time;
 * the receiver's RSS is sampled every second.
 */
async function loadMixed(receiver, seconds) {
  const rss = []
  const sampler = setInterval(() => receiver.rss().then((bytes) => rss.push(bytes)), 1000)
  const [main, big] = await Promise.all([
    load(receiver, MIX, seconds, Math.max(1, connections - 1)),
    load(receiver, OVERSIZED, seconds, 1),
  ]).finally(() => clearInterval(sampler))
  const counts = { ...main.counts, ...big.counts }
  return {
    rate: main.rate + big.rate,
    counts,
    // Latency of the valid/invalid stream: after the 413's connection close autocannon's timer for
    // the oversized stream includes its reconnects, which says nothing about the receiver.
    latency: main.result.latency,
    unexpected: Object.values(counts).reduce((sum, c) => sum + c.unexpected, 0),
    errors: main.result.errors,
    timeouts: main.result.timeouts + big.result.timeouts,
    // Resets on the oversized connection: the receiver closes it after the 413, sometimes while
    // the client is still writing the body (a transport effect, reported apart).
    oversizedErrors: big.result.errors,
    rssPeak: Math.max(0, ...rss),
  }
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
const fmt = (n) => Math.round(n).toLocaleString('en-US')
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

console.log(
  `hookwarden loadtest: Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, ` +
    `${connections} connections, ${duration} s per receiver after a ${WARMUP} s warm-up`,
)
console.log(
  `traffic: ${connections - 1} connections x (7 valid ${Buffer.byteLength(validBody)} B + 2 invalid signature), ` +
    `1 connection x oversized ${LIMIT + 1} B (limit ${LIMIT})\n`,
)

const receivers = await Promise.all(chosen.map(startReceiver))
const byKind = Object.fromEntries(receivers.map((r) => [r.kind, r]))
const mixed = {}
let problems = 0
try {
  for (const receiver of receivers) {
    await loadMixed(receiver, WARMUP)
    const start = await receiver.memory()
    const run = await loadMixed(receiver, duration)
    const end = await receiver.memory()
    mixed[receiver.kind] = run.rate
    problems += run.unexpected + run.errors + run.timeouts
    const peak = Math.max(run.rssPeak, end.rss)
    console.log(
      `${receiver.kind.padEnd(12)}  ${fmt(run.rate).padStart(6)} req/s  p50 ${run.latency.p50} ms  p99 ${run.latency.p99} ms  ` +
        `unexpected status ${run.unexpected} (${Object.entries(run.counts)
          .map(([name, c]) => `${name} ${c.unexpected}/${fmt(c.sent)}`)
          .join(
            ', ',
          )})  errors ${run.errors} (+${run.oversizedErrors} resets on the oversized connection)  ` +
        `timeouts ${run.timeouts}  RSS ${mib(start.rss)} -> ${mib(end.rss)} (peak ${mib(peak)}), ` +
        `heap after GC ${mib(start.heap)} -> ${mib(end.heap)}`,
    )
  }
  console.log(
    `\nvalid only, ${rounds} paired rounds of ${slice} s per framework (alternating order); ` +
      `adapter / hand-written route on the same framework (goal >= 0.95x):`,
  )
  for (const name of frameworks) {
    const raw = `${name}-raw`
    const ratios = []
    const p99 = { [name]: [], [raw]: [] }
    const rates = { [name]: [], [raw]: [] }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [raw, name] : [name, raw]
      const rate = {}
      for (const kind of order) {
        const run = await load(byKind[kind], ['valid'], slice)
        problems += run.result.errors + run.result.timeouts
        problems += Object.values(run.counts).reduce((sum, c) => sum + c.unexpected, 0)
        rate[kind] = run.rate
        rates[kind].push(run.rate)
        p99[kind].push(run.result.latency.p99)
      }
      ratios.push(rate[name] / rate[raw])
    }
    console.log(
      `  ${name.padEnd(8)} ${median(ratios).toFixed(2)}x median (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}), ` +
        `${fmt(median(rates[name]))} vs ${fmt(median(rates[raw]))} req/s, ` +
        `p99 ${median(p99[name])} ms vs ${median(p99[raw])} ms, mixed ${(mixed[name] / mixed[raw]).toFixed(2)}x`,
    )
  }
} finally {
  for (const receiver of receivers) receiver.stop()
}
if (problems > 0) {
  console.log(`\n${problems} unexpected responses, socket errors or timeouts`)
  process.exitCode = 1
}
