#!/usr/bin/env node
/**
 * Bytes per entry of `memoryReplayStore`: commits `--entries` deliveries (default 1,000,000, keys
 * shaped like the verifier's: `github:sig:<64 hex>`), then prints the heapUsed and RSS growth after
 * a full GC as one JSON line. Run with --expose-gc (bench/run.mjs does, in a child process).
 */
import { createHash } from 'node:crypto'
import { memoryReplayStore } from '../packages/core/dist/index.js'

const at = process.argv.indexOf('--entries')
const entries = at >= 0 ? Number(process.argv[at + 1]) : 1_000_000
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc')

const settle = () => {
  for (let i = 0; i < 3; i++) globalThis.gc()
  const { heapUsed, rss } = process.memoryUsage()
  return { heapUsed, rss }
}
// Keys are made per delivery, as the verifier does: the store keeps the only reference, so their
// strings count towards the entry (as they do in a receiver).
const seed = createHash('sha256').update('bench').digest('hex').slice(0, 56)
const keyOf = (i) => `github:sig:${seed}${i.toString(16).padStart(8, '0')}`
const store = memoryReplayStore({ maxEntries: entries })
const before = settle()
const TTL = 24 * 3600_000
for (let i = 0; i < entries; i++) {
  const key = keyOf(i)
  const token = `t${i}`
  if ((await store.reserve(key, token, 60_000)) !== 'reserved') throw new Error('not reserved')
  await store.commit(key, token, TTL)
}
const after = settle()
console.log(
  JSON.stringify({
    entries,
    heapBytesPerEntry: (after.heapUsed - before.heapUsed) / entries,
    rssBytesPerEntry: (after.rss - before.rss) / entries,
    heapMiB: (after.heapUsed - before.heapUsed) / 2 ** 20,
    rssMiB: (after.rss - before.rss) / 2 ** 20,
    keyChars: keyOf(0).length,
    // Still remembered: the store was not collected before the measurement.
    alive: (await store.reserve(keyOf(0), 'again', 60_000)) === 'processed',
  }),
)
