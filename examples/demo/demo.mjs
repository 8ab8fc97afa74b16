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
  return { status, outcome: 'handshake' }
}

const matches = (expected, result) =>
  result.outcome === expected.outcome &&
  result.status === expected.status &&
  (expected.code === undefined || result.code === expected.code)

/** The first probable cause `diagnose()` finds (development diagnostics, never on the hot path). */
async function diagnosis(name, check, { method, query, headers, body }) {
  const url = `http://127.0.0.1/hooks/${name}${query}`
  const { findings } = await diagnose({ method, url, headers, body }, check)
  return findings[0]?.message ?? 'no finding'
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
  for (const name of played) {
    const sender = SENDERS[name]
    const check = checkFor(name)
    console.log(blockHeader(name, receivers))
    for (const row of await casesFor(name, sender, check)) {
      row.results = await Promise.all(receivers.map((r) => send(r.base, name, row.request)))
      for (const result of row.results) result.ok = matches(row.expected, result)
      deliveries += row.results.length
      asExpected += row.results.filter((r) => r.ok).length
      if (row.expected.outcome === 'rejected')
        row.diagnosis = await diagnosis(name, check, row.request)
      row.what = sender.handshake?.what
      console.log(caseLines(row, receivers))
    }
  }
} finally {
  await Promise.all(receivers.map((r) => r.stop()))
}
console.log(summary({ senders: played.length, deliveries, asExpected, missing }))
process.exitCode = asExpected === deliveries && missing.length === 0 ? 0 : 1
