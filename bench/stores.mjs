/**
 * Each replay store's overhead, against real servers (throwaway ones, as the tests start them):
 * a delivery verified and claimed (`receive` + `settle(200)`: reserve, then commit) against
 * verification alone, and against the same client doing the same writes by hand. Round trips are
 * counted on the client, through a counting wrapper that the timed runs do not pay for (the by-hand
 * case has none). A store whose server binary is missing is skipped with the reason.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { createVerifier, hmac } from '../packages/core/dist/index.js'
import { scratch } from './bundle.mjs'
import { pairedRatio, runInterleaved, useClock } from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const SECRET = 'bench-store-secret'
const HEADER = 'x-hub-signature-256'
const TTL = 24 * 3600_000

/** The tests' server helpers, bundled for Node with `vitest` stubbed (they only use describe/it). */
async function serverHelpers(dir) {
  const stub = `${dir}/vitest-stub.mjs`
  writeFileSync(
    stub,
    'export const describe = () => {}; describe.skip = () => {}; export const it = () => {}\n',
  )
  const outfile = `${dir}/servers.mjs`
  await build({
    stdin: {
      contents:
        "export { startRedisServer, hasRedisServer } from './test/helpers/redis-server.ts'\n" +
        "export { startPostgresServer, hasPostgres } from './test/helpers/postgres-server.ts'\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    alias: { vitest: stub },
    outfile,
    logLevel: 'silent',
  })
  return import(pathToFileURL(outfile).href)
}

/** A fresh, validly signed GitHub-style delivery per call (the same signing cost in every case). */
function deliveries(tag) {
  let n = 0
  return () => {
    const body = Buffer.from(`{"id":"${tag}-${n++}","action":"opened","note":"${'x'.repeat(900)}"}`)
    const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`
    return { headers: { 'content-type': 'application/json', [HEADER]: sig }, body }
  }
}

/** The hand-written check the by-hand cases do before their writes. */
function verifyByHand({ headers, body }) {
  const header = headers[HEADER]
  if (!header.startsWith('sha256=')) return undefined
  const received = Buffer.from(header.slice(7), 'hex')
  const mac = createHmac('sha256', SECRET).update(body).digest()
  return received.length === mac.length && timingSafeEqual(received, mac) ? mac : undefined
}

const check = () =>
  hmac({ header: HEADER, prefix: 'sha256=', encoding: 'hex', secrets: SECRET, name: 'github' })

/**
 * `cases`: case list for one store. `store` runs over the bare client, as the by-hand case does;
 * `counted` is the same store over a counting client, used only to count round trips per delivery
 * (after a first delivery, which loads the server's script cache), never while timing.
 */
function storeCases(label, { store, counted }, byHand, counter) {
  const plain = createVerifier(check())
  const withStore = createVerifier(check(), { replay: store })
  const withCounted = createVerifier(check(), { replay: counted })
  const nextPlain = deliveries(`${label}-plain`)
  const nextStore = deliveries(`${label}-store`)
  const nextHand = deliveries(`${label}-hand`)
  const group = `store ${label}`
  return [
    {
      group,
      name: 'hookwarden verify only',
      run: async () => (await plain.verify(nextPlain())).ok,
    },
    {
      group,
      name: `hookwarden + ${label}`,
      peer: `${label} by hand`,
      run: async () => {
        const reception = await withStore.receive(nextStore())
        if (!reception.ok) return false
        return (await reception.settle(200)) === undefined
      },
      check: async () => {
        const deliver = async (verifier) => {
          const reception = await verifier.receive(nextStore())
          if (!reception.ok || (await reception.settle(200)) !== undefined)
            throw new Error(`bench: ${label} store case fails`)
        }
        await deliver(withCounted)
        const before = await counter()
        await deliver(withCounted)
        withStore.roundTrips = (await counter()) - before
      },
      meta: withStore,
    },
    {
      group,
      name: `${label} by hand`,
      run: async () => {
        const mac = verifyByHand(nextHand())
        return mac !== undefined && (await byHand(mac.toString('hex')))
      },
    },
  ]
}

/** Runs every store it can; returns `{ [store]: result | { skipped } }`. */
export async function storeBench({ quick = false } = {}) {
  const { dir, dispose } = scratch()
  const results = {}
  const stops = []
  try {
    const helpers = await serverHelpers(dir)
    const cases = []
    if (!helpers.hasRedisServer) {
      results.ioredis = results['node-redis'] = { skipped: 'redis-server not found on PATH' }
    } else {
      const server = await helpers.startRedisServer()
      stops.push(() => server.dispose())
      const { redisReplayStore } = await import('../packages/redis/dist/index.js')
      const { Redis } = await import('ioredis')
      const { createClient } = await import('redis')
      const io = new Redis(server.url, { maxRetriesPerRequest: 1 })
      const nodeRedis = await createClient({ url: server.url }).connect()
      stops.unshift(async () => {
        io.disconnect()
        await nodeRedis.quit()
      })
      // Round trips counted on the client: every command the store sends (the server's own
      // count would include the commands its Lua scripts run).
      let sent = 0
      const counting = (client) =>
        new Proxy(client, {
          get(target, prop) {
            const value = Reflect.get(target, prop)
            if (typeof value !== 'function') return value
            return (...args) => {
              sent++
              return value.apply(target, args)
            }
          },
        })
      const counter = async () => sent
      cases.push(
        ...storeCases(
          'ioredis',
          { store: redisReplayStore(io), counted: redisReplayStore(counting(io)) },
          async (key) =>
            (await io.set(`hand:${key}`, 'claim', 'PX', 60_000, 'NX')) === 'OK' &&
            (await io.set(`hand:${key}`, 'done', 'PX', TTL, 'XX')) === 'OK',
          counter,
        ),
        ...storeCases(
          'node-redis',
          { store: redisReplayStore(nodeRedis), counted: redisReplayStore(counting(nodeRedis)) },
          async (key) =>
            (await nodeRedis.set(`hand2:${key}`, 'claim', { PX: 60_000, NX: true })) === 'OK' &&
            (await nodeRedis.set(`hand2:${key}`, 'done', { PX: TTL, XX: true })) === 'OK',
          counter,
        ),
      )
    }
    if (!helpers.hasPostgres) {
      results.postgres = { skipped: 'initdb/pg_ctl not found (or not runnable as postgres)' }
    } else {
      const server = await helpers.startPostgresServer()
      stops.push(() => server.dispose())
      const { postgresReplayStore } = await import('../packages/postgres/dist/index.js')
      const { default: pg } = await import('pg')
      const pool = new pg.Pool({ connectionString: server.url, max: 2 })
      stops.unshift(() => pool.end())
      let queries = 0
      const counting = { query: (text, values) => (queries++, pool.query(text, values)) }
      const store = postgresReplayStore(pool)
      await store.migrate()
      await pool.query(
        'CREATE TABLE hand (key bytea PRIMARY KEY, token text, expires_at timestamptz NOT NULL)',
      )
      const ttl = (p) => `clock_timestamp() + ${p}::double precision * interval '1 millisecond'`
      cases.push(
        ...storeCases(
          'postgres',
          { store, counted: postgresReplayStore(counting) },
          async (key) => {
            const k = Buffer.from(key, 'hex')
            const claimed = await pool.query(
              `INSERT INTO hand (key, token, expires_at) VALUES ($1, $2, ${ttl('$3')}) ON CONFLICT (key) DO NOTHING`,
              [k, 'claim', 60_000],
            )
            if (claimed.rowCount !== 1) return false
            const done = await pool.query(
              `UPDATE hand SET token = NULL, expires_at = ${ttl('$3')} WHERE key = $1 AND token = $2`,
              [k, 'claim', TTL],
            )
            return done.rowCount === 1
          },
          async () => queries,
        ),
      )
    }
    if (cases.length > 0) {
      useClock('wall') // the servers' work is in other processes
      const measured = await runInterleaved(cases, {
        rounds: quick ? 3 : 7,
        sliceMs: quick ? 100 : 250,
      })
      useClock('cpu')
      for (const label of ['ioredis', 'node-redis', 'postgres']) {
        const find = (name) => measured.find((r) => r.name === name)
        const subject = find(`hookwarden + ${label}`)
        if (!subject) continue
        const meta = cases.find((c) => c.name === subject.name).meta
        results[label] = {
          storeOps: subject.hz,
          verifyOnlyOps: find('hookwarden verify only')?.hz,
          byHandOps: find(`${label} by hand`).hz,
          vsByHand: pairedRatio(subject, find(`${label} by hand`)),
          vsVerifyOnly: pairedRatio(
            subject,
            measured.find((r) => r.name === 'hookwarden verify only' && r.group === subject.group),
          ),
          roundTrips: meta.roundTrips,
          roundTripsByHand: 2,
        }
      }
      results.measured = measured
    }
  } catch (error) {
    results.error = String(error.stack ?? error)
  } finally {
    for (const stop of stops) await stop().catch(() => {})
    dispose()
  }
  return results
}
