#!/usr/bin/env node
/**
 * `pnpm loadtest`: load and soak the built Express and Koa adapters with autocannon (not part of
 * `pnpm test` or CI; it prints measurements and asserts no speed).
 *
 *   pnpm loadtest                      60 s of mixed traffic per receiver, then the paired comparison
 *   node loadtest/run.mjs --duration 20 --connections 10 --rounds 6 --slice 5
 *   node loadtest/run.mjs --receivers koa --duration 300    a longer soak of one receiver
 *
 * Receivers (loadtest/servers.mjs, each in its own process): the Express middleware, the Koa
 * middleware and a hand-written `express.raw()` + `createHmac` + `timingSafeEqual` route.
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
import { LIMIT, PATH, SECRET } from './config.mjs'

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`)
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`)
  return value
}
const duration = option('duration', 60)
const connections = option('connections', 10)
const rounds = option('rounds', 6)
const slice = option('slice', 5)
const WARMUP = 3
const KINDS = ['express', 'koa', 'express-raw']
const listAt = process.argv.indexOf('--receivers')
const chosen = listAt >= 0 ? (process.argv[listAt + 1] ?? '').split(',') : KINDS
if (chosen.length === 0 || chosen.some((kind) => !KINDS.includes(kind))) {
  throw new Error(`--receivers takes a comma-separated list of ${KINDS.join(', ')}`)
}

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
  const child = fork(fileURLToPath(new URL('./servers.mjs', import.meta.url)), [kind], {
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
      `${receiver.kind.padEnd(11)}  ${fmt(run.rate).padStart(6)} req/s  p50 ${run.latency.p50} ms  p99 ${run.latency.p99} ms  ` +
        `unexpected status ${run.unexpected} (${Object.entries(run.counts)
          .map(([name, c]) => `${name} ${c.unexpected}/${fmt(c.sent)}`)
          .join(
            ', ',
          )})  errors ${run.errors} (+${run.oversizedErrors} resets on the oversized connection)  ` +
        `timeouts ${run.timeouts}  RSS ${mib(start.rss)} -> ${mib(end.rss)} (peak ${mib(peak)}), ` +
        `heap after GC ${mib(start.heap)} -> ${mib(end.heap)}`,
    )
  }
  if (byKind.express && byKind['express-raw']) {
    console.log(
      `\nmixed traffic: express middleware / express-raw = ${(mixed.express / mixed['express-raw']).toFixed(2)}x`,
    )

    // Paired, valid only: alternate which one goes first, so drift falls on both alike.
    const ratios = []
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? ['express-raw', 'express'] : ['express', 'express-raw']
      const rate = {}
      for (const kind of order) rate[kind] = (await load(byKind[kind], ['valid'], slice)).rate
      ratios.push(rate.express / rate['express-raw'])
      console.log(
        `  round ${round + 1}: express ${fmt(rate.express)} req/s, express-raw ${fmt(rate['express-raw'])} req/s, ratio ${ratios.at(-1).toFixed(2)}x`,
      )
    }
    console.log(
      `valid only, ${rounds} paired rounds of ${slice} s: express middleware / express-raw = ` +
        `${median(ratios).toFixed(2)}x median (goal >= 0.9x; on a shared, noisy machine single rounds vary widely)`,
    )
  }
} finally {
  for (const receiver of receivers) receiver.stop()
}
if (problems > 0) {
  console.log(`\n${problems} unexpected responses, socket errors or timeouts`)
  process.exitCode = 1
}
