/**
 * `pnpm demo` (through run.mjs): starts a receiver per adapter on 127.0.0.1, plays every preset's
 * sender against each (a genuine delivery, a replay, a tampered body, a broken signature, an
 * expired one, its handshake) and prints what each receiver answered and, for rejections, why.
 * Exits 1 if any receiver answered any case otherwise than expected.
 */
import { createVerifier, diagnose, memoryReplayStore, presets } from '@hookwarden/core'
import { casesFor } from './deliveries.mjs'
import { RECEIVERS } from './receivers.mjs'
import { banner, blockHeader, caseLines, summary } from './report.mjs'
import { SENDERS } from './senders.mjs'

// `pnpm demo | head` closes the pipe early: stop quietly rather than with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit()
  throw error
})

const names = Object.keys(presets).sort((a, b) => a.localeCompare(b))
const missing = names.filter((name) => SENDERS[name] === undefined)
const played = names.filter((name) => SENDERS[name] !== undefined)
const checkFor = (name) => presets[name](SENDERS[name].options)
const verifierFor = (name) =>
  createVerifier(
    checkFor(name),
    SENDERS[name].replay === false ? {} : { replay: memoryReplayStore() },
  )

/** What a receiver answered: accepted (its handler ran), duplicate, handshake or rejected. */
async function send(base, name, { method, query, headers, body }) {
  const response = await fetch(`${base}/hooks/${name}${query}`, { method, headers, body })
  const text = await response.text()
  let json = {}
  try {
    json = JSON.parse(text)
  } catch {
    // A handshake may answer plain text.
  }
  const status = response.status
  if (!response.ok) return { status, outcome: 'rejected', code: json?.error }
  if (json?.handled === true) return { status, outcome: 'accepted' }
  if (json?.duplicate === true) return { status, outcome: 'duplicate' }
  const answer = text + [...response.headers.values()].join('\n')
  return { status, outcome: 'handshake', answer }
}

const matches = (expected, result) =>
  result.outcome === expected.outcome &&
  result.status === expected.status &&
  (expected.code === undefined || result.code === expected.code) &&
  (expected.echo === undefined || result.answer.includes(expected.echo))

/** The first probable cause `diagnose()` finds (development diagnostics, never on the hot path). */
async function diagnosis(name, check, { method, query, headers, body }) {
  const url = `http://127.0.0.1/hooks/${name}${query}`
  const [first] = (await diagnose({ method, url, headers, body }, check)).findings
  if (first === undefined) return 'diagnose() found no probable cause'
  // A check that does not describe itself (JWS, body fields) gets only its code: say so briefly.
  if (first.code === 'DIAG_NOT_INSPECTABLE')
    return `${name} does not describe itself to diagnose(), so its code is the whole reason`
  return first.message
}

/** Plays one sender against every receiver; its block of output and its counts. */
async function play(name, receivers) {
  const sender = SENDERS[name]
  const check = checkFor(name)
  const lines = [blockHeader(name, receivers)]
  let deliveries = 0
  let asExpected = 0
  for (const row of await casesFor(name, sender, check)) {
    row.results = await Promise.all(receivers.map((r) => send(r.base, name, row.request)))
    for (const result of row.results) result.ok = matches(row.expected, result)
    deliveries += row.results.length
    asExpected += row.results.filter((r) => r.ok).length
    if (row.expected.outcome === 'rejected')
      row.diagnosis = await diagnosis(name, check, row.request)
    row.what = sender.handshake?.what
    lines.push(caseLines(row, receivers))
  }
  return { text: lines.join('\n'), deliveries, asExpected }
}

/**
 * Runs `task` over `items`, `concurrency` at a time (each sender has its own routes and replay
 * stores, so they are independent), and yields the results in order.
 */
async function* inOrder(items, concurrency, task) {
  const results = []
  let next = 0
  const start = () => {
    const i = next++
    if (i < items.length) results[i] = task(items[i]).finally(start)
  }
  for (let n = 0; n < concurrency; n++) start()
  // By the time results[i] is awaited, results[0..i-1] have settled and each started another.
  for (let i = 0; i < items.length; i++) yield await results[i]
}

const receivers = []
for (const receiver of RECEIVERS) {
  const started = await receiver.start(played, verifierFor)
  receivers.push({ ...receiver, ...started })
}
console.log(banner(receivers, played.length))

let deliveries = 0
let asExpected = 0
try {
  for await (const block of inOrder(played, 8, (name) => play(name, receivers))) {
    console.log(block.text)
    deliveries += block.deliveries
    asExpected += block.asExpected
  }
} finally {
  await Promise.all(receivers.map((r) => r.stop()))
}
console.log(summary({ senders: played.length, deliveries, asExpected, missing }))
process.exitCode = asExpected === deliveries && missing.length === 0 ? 0 : 1
