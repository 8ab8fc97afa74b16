/**
 * `postgresReplayStore`: the replay store shared by every instance of a receiver, in PostgreSQL.
 */
import * as nodeCrypto from 'node:crypto'
import { WebhookConfigError, type ReplayStore, type ReserveOutcome } from '@hookwarden/core'
import { parseTableName, type Statement, statements, SWEEP_EVERY } from './lib/sql.js'
import { withTimeout } from './lib/with-timeout.js'

/**
 * A named statement, as `pg` takes it: prepared once per connection under `name`, then executed
 * by name, so the server parses and plans it once instead of on every call.
 */
export interface PostgresNamedQuery {
  name: string
  text: string
  values: unknown[]
}

/**
 * What the store needs of its client: `query(text)` (the migration) and `query({ name, text,
 * values })` (every other call). A `pg` `Pool` (recommended) or a connected `pg` `Client` fits as
 * it is; the type is structural so the store does not pin `pg`.
 */
export interface PostgresReplayClient {
  query(
    query: string | PostgresNamedQuery,
    values?: unknown[],
  ): Promise<{ rows: unknown[]; rowCount: number | null }>
}

export interface PostgresReplayStoreOptions {
  /** Table name, optionally schema-qualified (`'webhooks.deliveries'`). Default `'hookwarden_deliveries'`. */
  table?: string
  /** Longest a store call may take before the database counts as unreachable (ms). Default 2000. */
  timeoutMs?: number
}

/** A `ReplayStore` that can also create its own table. */
export interface PostgresReplayStore extends ReplayStore {
  /** Creates the table and its expiry index if they do not exist; safe to run from many instances at once. */
  migrate(): Promise<void>
}

const KNOWN_OPTIONS = ['table', 'timeoutMs']

/**
 * A `ReplayStore` in a PostgreSQL table, so a delivery is processed once across every instance
 * sharing the database. Each call is one statement and one round trip: `reserve` is an
 * `INSERT … ON CONFLICT (key) DO UPDATE … WHERE <expired>` that answers `reserved`, `in-flight` or
 * `processed`; `renew`, `commit` and `release` are `UPDATE`/`DELETE`s that match only the caller's
 * unexpired token. Expiry uses the database's clock. Expired rows are taken over by the next claim
 * of their key, and every 16th `reserve` deletes up to 100 others, so no cleanup job is needed.
 * Keys are the SHA-256 of the core's key (delivery ids are chosen by the sender).
 *
 * Errors: bad options throw `WebhookConfigError` (`ERR_WEBHOOK_CONFIG_INVALID`); an unreachable or
 * slow database (over `timeoutMs`) makes the store throw, which the verifier answers with
 * `ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE` (503). A `pg` `Pool` reconnects by itself, so service
 * resumes when the database is back.
 * @see https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT (atomic insert or update)
 *
 * @example
 * const pool = new Pool({ connectionString: process.env['DATABASE_URL'] })
 * pool.on('error', () => {}) // idle connections dropped by the server; the next query reconnects
 * const replay = postgresReplayStore(pool)
 * await replay.migrate()
 * const verifier = createVerifier(presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' }), { replay })
 */
export function postgresReplayStore(
  client: PostgresReplayClient,
  options: PostgresReplayStoreOptions = {},
): PostgresReplayStore {
  if (typeof client?.query !== 'function') {
    throw new WebhookConfigError('postgresReplayStore: pass a pg Pool (new Pool(config))')
  }
  if (typeof options !== 'object' || options === null) {
    throw new WebhookConfigError('postgresReplayStore: options must be an object')
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) {
      throw new WebhookConfigError(
        `postgresReplayStore: unknown option ${JSON.stringify(key)} (known: ${KNOWN_OPTIONS.join(', ')})`,
      )
    }
  }
  const table = parseTableName(options.table ?? 'hookwarden_deliveries')
  if (table === undefined) {
    throw new WebhookConfigError(
      'postgresReplayStore: table must be a lowercase identifier (letters, digits, _), optionally schema-qualified, at most 48 characters',
    )
  }
  const timeoutMs = options.timeoutMs ?? 2000
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new WebhookConfigError('postgresReplayStore: timeoutMs must be a positive number')
  }

  const sql = statements(table)
  // The key as bytes: fixed length whatever the sender sends, and no NUL, which text cannot hold.
  const rowKey = sha256
  const query = (statement: Statement, values: unknown[]) =>
    withTimeout(client.query({ name: statement.name, text: statement.text, values }), timeoutMs)
  // The first reserve sweeps, so rows left while every instance was down go soon after a deploy.
  let reserves = 0

  return {
    async reserve(key, token, ttlMs) {
      const statement = reserves++ % SWEEP_EVERY === 0 ? sql.reserveAndSweep : sql.reserve
      const { rows } = await query(statement, [rowKey(key), token, ttlMs])
      return outcomeOf(rows[0])
    },
    async renew(key, token, ttlMs) {
      const { rowCount } = await query(sql.renew, [rowKey(key), token, ttlMs])
      return rowCount === 1
    },
    async commit(key, token, ttlMs) {
      await query(sql.commit, [rowKey(key), token, ttlMs])
    },
    async release(key, token) {
      await query(sql.release, [rowKey(key), token])
    },
    async migrate() {
      // Several statements in one string: the simple query protocol, which names cannot use.
      await withTimeout(client.query(sql.migrate), timeoutMs)
    },
  }
}

// One-shot `crypto.hash` (Node 20.12+) skips the Hash object `createHash` builds; same digest.
const oneShotHash = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash

/** SHA-256 of the key's UTF-8, as every release wrote it. */
function sha256(key: string): Buffer {
  return oneShotHash !== undefined
    ? oneShotHash('sha256', key, 'buffer')
    : nodeCrypto.createHash('sha256').update(key).digest()
}

/** No row: the key's row was written after this statement's snapshot, by a concurrent claim. */
function outcomeOf(row: unknown): ReserveOutcome {
  const outcome = (row as { outcome?: unknown } | undefined)?.outcome
  return outcome === 'reserved' || outcome === 'processed' ? outcome : 'in-flight'
}
