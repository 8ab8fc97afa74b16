import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createVerifier, hmac, WebhookConfigError, type VerifyResult } from '@hookwarden/core'
import { replayStoreCases } from '@hookwarden/core/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeWithPostgres,
  startPostgresServer,
  type PostgresServer,
} from '../../../test/helpers/postgres-server.js'
import { waitUntil } from '../../../test/helpers/local-server.js'
import { describeReplayStore } from '../../../test/replay/describe-replay-store.js'
import { postgresReplayStore, type PostgresReplayClient } from './index.js'
import { createTableSql, parseTableName, SWEEP_EVERY, SWEEP_LIMIT } from './lib/sql.js'

const SECRET = 'postgres-replay-secret'
const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: SECRET })
const signed = (body: string) => ({
  headers: { 'x-sig': createHmac('sha256', SECRET).update(body).digest('hex') },
  body,
})
const HOUR = 3_600_000
const codeOf = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code)

describe('postgresReplayStore options', () => {
  const client: PostgresReplayClient = { query: async () => ({ rows: [], rowCount: 0 }) }

  it('rejects something that is not a pg client', () => {
    expect(() => postgresReplayStore({} as PostgresReplayClient)).toThrow(WebhookConfigError)
    expect(() => postgresReplayStore(undefined as unknown as PostgresReplayClient)).toThrow(
      /pass a pg Pool/,
    )
  })

  it.each([
    'Deliveries',
    'deliveries; DROP TABLE users',
    'a.b.c',
    '"quoted"',
    '',
    '.deliveries',
    'my table',
    '1deliveries',
    'x'.repeat(49),
    'ü',
  ])('rejects the table name %j', (table) => {
    expect(() => postgresReplayStore(client, { table })).toThrow(
      expect.objectContaining({
        code: 'ERR_WEBHOOK_CONFIG_INVALID',
        message: expect.stringMatching(/table must be/),
      }),
    )
  })

  it('accepts lowercase identifiers, schema-qualified ones, and quotes them', () => {
    for (const table of ['hookwarden_deliveries', 'webhooks.deliveries', '_t1', 'x'.repeat(48)]) {
      expect(() => postgresReplayStore(client, { table })).not.toThrow()
    }
    expect(parseTableName('webhooks.deliveries')).toEqual({
      qualified: '"webhooks"."deliveries"',
      index: '"deliveries_expires_at_idx"',
    })
  })

  it('rejects a non-positive or non-finite timeoutMs and unknown options', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Infinity]) {
      expect(() => postgresReplayStore(client, { timeoutMs })).toThrow(/timeoutMs/)
    }
    expect(() => postgresReplayStore(client, { tabel: 'x' } as never)).toThrow(
      /unknown option "tabel"/,
    )
  })

  it('a query slower than timeoutMs rejects: the verifier answers 503', async () => {
    const hung: PostgresReplayClient = { query: () => new Promise(() => {}) }
    const verifier = createVerifier(check, {
      replay: postgresReplayStore(hung, { timeoutMs: 50 }),
    })
    const result = await verifier.verify(signed('hung'))
    expect(codeOf(result)).toBe('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE')
    if (!result.ok) expect(result.error.status).toBe(503)
  })
})

describeWithPostgres('postgresReplayStore on a real PostgreSQL server', () => {
  let server: PostgresServer
  const pools: pg.Pool[] = []
  /** A new pool (a new "instance"); idle connections cut by the server are reported, not thrown. */
  const newPool = (database = 'postgres') => {
    const pool = new pg.Pool({
      connectionString: server.url.replace(/\/postgres$/, `/${database}`),
      connectionTimeoutMillis: 2000,
    })
    pool.on('error', () => {}) // the README's line: outages are provoked on purpose
    pools.push(pool)
    return pool
  }
  let admin: pg.Pool

  beforeAll(async () => {
    server = await startPostgresServer()
    admin = newPool()
    await postgresReplayStore(admin).migrate()
  })
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => {})))
    await server?.dispose()
  })

  describe('replayStoreCases, each client on its own pool', () => {
    for (const { name, run } of replayStoreCases(() => postgresReplayStore(newPool())))
      it(name, run)
  })

  // The repository's own contract suite uses fixed keys: a fresh key space per test.
  let space = 0
  describeReplayStore('postgresReplayStore', () => {
    const store = postgresReplayStore(admin)
    const prefix = `space-${space++}:`
    return {
      reserve: (key, token, ttl) => store.reserve(prefix + key, token, ttl),
      renew: (key, token, ttl) => store.renew(prefix + key, token, ttl),
      commit: (key, token, ttl) => store.commit(prefix + key, token, ttl),
      release: (key, token) => store.release(prefix + key, token),
    }
  })

  it('sends named statements, so two stores on other tables can share one pool', async () => {
    const pool = newPool()
    const sent: unknown[] = []
    const recording: PostgresReplayClient = {
      query: (query, values) => {
        sent.push(query)
        return pool.query(query, values)
      },
    }
    const one = postgresReplayStore(recording, { table: 'named_one' })
    const two = postgresReplayStore(recording, { table: 'named_two' })
    await one.migrate()
    await two.migrate()
    sent.length = 0
    // The first reserve of each store also sweeps (another statement), the second does not.
    for (const key of ['a', 'b']) {
      for (const store of [one, two]) {
        expect(await store.reserve(key, 't', HOUR)).toBe('reserved')
        await store.commit(key, 't', HOUR)
      }
    }
    expect(await one.reserve('a', 'u', HOUR)).toBe('processed')
    expect(await two.reserve('b', 'u', HOUR)).toBe('processed')
    const names = sent.map((query) => (query as { name?: unknown }).name)
    expect(names.every((name) => typeof name === 'string' && name.startsWith('hookwarden_'))).toBe(
      true,
    )
    // One name per table and operation: the same reserve of another table is another statement.
    expect(new Set(names).size).toBe(6)
  })

  it('migrate is idempotent and safe from several instances at once', async () => {
    const stores = Array.from({ length: 4 }, () =>
      postgresReplayStore(newPool(), { table: 'migrated.deliveries' }),
    )
    await admin.query('CREATE SCHEMA migrated')
    await Promise.all(stores.map((store) => store.migrate()))
    await Promise.all(stores.map((store) => store.migrate()))
    expect(await stores[0]!.reserve('k', 't', HOUR)).toBe('reserved')
    expect(await stores[1]!.reserve('k', 'u', HOUR)).toBe('in-flight')
    const { rows } = await admin.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'migrated' ORDER BY indexname`,
    )
    expect(rows.map((row: { indexname: string }) => row.indexname)).toEqual([
      'deliveries_expires_at_idx',
      'deliveries_pkey',
    ])
  })

  it("rows hold the key's SHA-256, the owner's token, and expiry by the database's clock", async () => {
    const store = postgresReplayStore(admin, { table: 'layout' })
    await store.migrate()
    const key = 'stripe:id:evt_' + 'A'.repeat(5000) + '\u0000ü'
    await store.reserve(key, 'tok', 60_000)
    // The digest computed by PostgreSQL itself from the key's UTF-8 bytes, not by the code under test.
    const row = async () =>
      (
        await admin.query(
          `SELECT (count(*) OVER ())::int AS n, key = sha256($1::bytea) AS same_key, token,
             (extract(epoch FROM expires_at - clock_timestamp()) * 1000)::float8 AS remaining_ms
           FROM layout`,
          [Buffer.from(key, 'utf8')],
        )
      ).rows[0] as { n: number; same_key: boolean; token: string | null; remaining_ms: number }
    const reserved = await row()
    expect(reserved.n).toBe(1)
    expect(reserved.same_key).toBe(true)
    expect(reserved.token).toBe('tok')
    expect(reserved.remaining_ms).toBeGreaterThan(0)
    expect(reserved.remaining_ms).toBeLessThanOrEqual(60_000)
    await store.commit(key, 'tok', HOUR)
    const processed = await row()
    expect(processed.token).toBeNull()
    expect(processed.remaining_ms).toBeGreaterThan(60_000)
    expect(processed.remaining_ms).toBeLessThanOrEqual(HOUR)
  })

  it('expired rows are deleted by ordinary reserves, without a cleanup job', async () => {
    const store = postgresReplayStore(newPool(), { table: 'sweep' })
    await store.migrate()
    const expired = 3 * SWEEP_LIMIT
    await admin.query(
      `INSERT INTO sweep SELECT sha256(int4send(i)), NULL, clock_timestamp() - interval '1 hour'
       FROM generate_series(1, $1) AS i`,
      [expired],
    )
    const count = async (where: string) =>
      Number((await admin.query(`SELECT count(*) AS n FROM sweep WHERE ${where}`)).rows[0].n)
    expect(await count('expires_at < clock_timestamp()')).toBe(expired)
    // The first reserve of a store sweeps, then every SWEEP_EVERY-th: three sweeps here.
    const reserves = 2 * SWEEP_EVERY + 1
    for (let i = 0; i < reserves; i++) {
      expect(await store.reserve(`live-${i}`, 't', HOUR)).toBe('reserved')
    }
    expect(await count('expires_at < clock_timestamp()')).toBe(0)
    expect(await count('expires_at >= clock_timestamp()')).toBe(reserves)
  })

  it('two verifiers on separate pools race for one delivery: exactly one runs the handler', async () => {
    const verifiers = [newPool(), newPool()].map((pool) =>
      createVerifier(check, { replay: postgresReplayStore(pool) }),
    )
    for (let round = 0; round < 5; round++) {
      const delivery = signed(`{"id":"evt_race_${round}"}`)
      let ran = 0
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          verifiers[i % 2]!.handle(
            delivery,
            async () => {
              ran++
              await new Promise((resolve) => setTimeout(resolve, 20))
              return 204
            },
            { status: (code) => code },
          ),
        ),
      )
      expect(ran).toBe(1)
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1)
      for (const outcome of outcomes) {
        if (!outcome.ok) expect([200, 409]).toContain(outcome.rejection.status)
      }
      // Processed: later duplicates, on either pool, are answered without running the handler.
      for (const verifier of verifiers) {
        const again = await verifier.handle(delivery, () => ran++, { status: () => 204 })
        expect(again.ok ? 'ran' : again.rejection.body).toBe('{"duplicate":true}')
      }
      expect(ran).toBe(1)
    }
  })

  it('the README SQL creates a table the store works with', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const block = /```sql\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(block?.trim()).toBe(createTableSql(parseTableName('hookwarden_deliveries')!))
    await admin.query('CREATE DATABASE readme')
    const pool = newPool('readme')
    await pool.query(block!)
    const store = postgresReplayStore(pool)
    expect(await store.reserve('k', 't', HOUR)).toBe('reserved')
    await store.commit('k', 't', HOUR)
    expect(await store.reserve('k', 'u', HOUR)).toBe('processed')
  })

  it('database stopped mid-run: 503 while down, the same pool works again once it is back', async () => {
    const pool = newPool()
    const verifier = createVerifier(check, {
      replay: postgresReplayStore(pool, { timeoutMs: 2000 }),
    })
    const accepted = Array.from({ length: 5 }, (_, i) => `accepted-${i}`)
    for (const body of accepted) expect(codeOf(await verifier.verify(signed(body)))).toBe('ok')

    await server.stop()
    try {
      for (const body of [...accepted, 'new-during-outage']) {
        const result = await verifier.verify(signed(body))
        expect(codeOf(result)).toBe('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE')
        if (!result.ok) expect(result.error.status).toBe(503)
      }
    } finally {
      await server.start()
    }
    // No new pool, no restart of the app: pg reconnects on the next query.
    await waitUntil(async () => codeOf(await verifier.verify(signed('after-restart'))) === 'ok')
    for (const body of [...accepted, 'after-restart']) {
      expect(codeOf(await verifier.verify(signed(body)))).toBe('ERR_WEBHOOK_REPLAYED')
    }
    expect(codeOf(await verifier.verify(signed('new-during-outage')))).toBe('ok')
  })

  it('database stopped in the middle of a burst: every answer is ok, replayed or 503, none accepted twice', async () => {
    const verifiers = [newPool(), newPool()].map((pool) =>
      createVerifier(check, { replay: postgresReplayStore(pool) }),
    )
    const bodies = Array.from({ length: 30 }, (_, i) => `burst-${i}`)
    const accepted = new Map<string, number>()
    const outcomes = new Set<string>()
    const send = async (body: string, round: number) => {
      const result = await verifiers[round % 2]!.verify(signed(body))
      outcomes.add(codeOf(result))
      if (result.ok) accepted.set(body, (accepted.get(body) ?? 0) + 1)
    }
    const burst = (round: number) => Promise.all(bodies.map((body) => send(body, round)))
    const inFlight = [burst(0), burst(1)]
    await server.stop()
    await Promise.all(inFlight)
    await burst(2)
    await server.start()
    await waitUntil(async () => codeOf(await verifiers[0]!.verify(signed('burst-probe'))) === 'ok')
    await burst(3)
    await burst(4)
    const expected = ['ok', 'ERR_WEBHOOK_REPLAYED', 'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE']
    expect([...outcomes].filter((code) => !expected.includes(code))).toEqual([])
    expect(outcomes.has('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE')).toBe(true)
    expect([...accepted.values()].every((n) => n === 1)).toBe(true)
  })
})
