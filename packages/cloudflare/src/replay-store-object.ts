/**
 * `ReplayStoreObject`: the Durable Object that holds replay entries for `durableObjectReplayStore`.
 */
import { DurableObject } from 'cloudflare:workers'
import type { ReserveOutcome } from '@hookwarden/core'

/** One row per delivery: `token` is the claimant's while in flight, NULL once processed. */
const TABLE = 'hookwarden_replay'

interface Entry extends Record<string, SqlStorageValue> {
  token: string | null
}

/**
 * A Durable Object holding replay entries in its SQLite storage. Each method reads and writes with
 * the synchronous SQL API and no `await` in between, so it runs as one step of the object's single
 * thread: two `reserve` calls for the same key can never both see it free. Expired entries count
 * as absent on every read; an alarm deletes them in batches so storage stays bounded.
 *
 * Export it from your Worker's main module and bind it as a SQLite-backed class
 * (`new_sqlite_classes` in `wrangler.toml`, see the README). Call it through
 * `durableObjectReplayStore`, which hashes and shards keys; its methods are its RPC interface.
 *
 * @example
 * // src/index.ts of the Worker
 * export { ReplayStoreObject } from '@hookwarden/cloudflare/durable-object'
 * @see https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/
 * @see https://developers.cloudflare.com/durable-objects/api/alarms/
 */
export class ReplayStoreObject extends DurableObject {
  /**
   * Least time between two cleanup alarms (ms), so a busy object pays for one alarm a minute, not
   * one per expiring entry. Expired entries are ignored by reads before they are deleted.
   */
  protected readonly sweepIntervalMs: number = 60_000

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env)
    // Synchronous and idempotent: runs before the first request reaches the object.
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, token TEXT, expires INTEGER NOT NULL) WITHOUT ROWID`,
    )
    ctx.storage.sql.exec(`CREATE INDEX IF NOT EXISTS ${TABLE}_expires ON ${TABLE} (expires)`)
  }

  /** Claims `key` for `ttlMs` unless a live claim or processed entry holds it. */
  async reserve(key: string, token: string, ttlMs: number): Promise<ReserveOutcome> {
    check(key, token, ttlMs)
    const now = Date.now()
    const entry = this.live(key, now)
    if (entry !== undefined) return entry.token === null ? 'processed' : 'in-flight'
    const expires = now + Math.ceil(ttlMs)
    this.ctx.storage.sql.exec(
      `INSERT OR REPLACE INTO ${TABLE} (key, token, expires) VALUES (?, ?, ?)`,
      key,
      token,
      expires,
    )
    await this.scheduleSweep(expires)
    return 'reserved'
  }

  /** Extends the caller's live claim to `ttlMs` from now; `false` when it no longer holds it. */
  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    check(key, token, ttlMs)
    const now = Date.now()
    const expires = now + Math.ceil(ttlMs)
    const { rowsWritten } = this.ctx.storage.sql.exec(
      `UPDATE ${TABLE} SET expires = ? WHERE key = ? AND token = ? AND expires > ?`,
      expires,
      key,
      token,
      now,
    )
    if (rowsWritten === 0) return false
    await this.scheduleSweep(expires)
    return true
  }

  /** Marks the caller's live claim processed for `ttlMs`; does nothing if it no longer holds it. */
  async commit(key: string, token: string, ttlMs: number): Promise<void> {
    check(key, token, ttlMs)
    const now = Date.now()
    const expires = now + Math.ceil(ttlMs)
    const { rowsWritten } = this.ctx.storage.sql.exec(
      `UPDATE ${TABLE} SET token = NULL, expires = ? WHERE key = ? AND token = ? AND expires > ?`,
      expires,
      key,
      token,
      now,
    )
    if (rowsWritten > 0) await this.scheduleSweep(expires)
  }

  /** Drops the caller's live claim; a processed entry or someone else's claim stays. */
  async release(key: string, token: string): Promise<void> {
    check(key, token, 1)
    this.ctx.storage.sql.exec(
      `DELETE FROM ${TABLE} WHERE key = ? AND token = ? AND expires > ?`,
      key,
      token,
      Date.now(),
    )
  }

  /** Deletes what has expired and sets the next alarm while entries remain. */
  async alarm(): Promise<void> {
    const now = Date.now()
    const { sql } = this.ctx.storage
    sql.exec(`DELETE FROM ${TABLE} WHERE expires <= ?`, now)
    const { next } = sql
      .exec<{ next: number | null }>(`SELECT MIN(expires) AS next FROM ${TABLE}`)
      .one()
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, now + this.sweepIntervalMs))
  }

  private live(key: string, now: number): Entry | undefined {
    return this.ctx.storage.sql
      .exec<Entry>(`SELECT token FROM ${TABLE} WHERE key = ? AND expires > ?`, key, now)
      .toArray()[0]
  }

  /** Every write makes sure an alarm is pending; one already set sweeps this entry in its turn. */
  private async scheduleSweep(expires: number): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return
    await this.ctx.storage.setAlarm(Math.max(expires, Date.now() + this.sweepIntervalMs))
  }
}

/** RPC arguments come from any code holding the binding: refuse what would corrupt the table. */
function check(key: unknown, token: unknown, ttlMs: unknown): void {
  if (
    typeof key !== 'string' ||
    key === '' ||
    typeof token !== 'string' ||
    token === '' ||
    typeof ttlMs !== 'number' ||
    !Number.isFinite(ttlMs) ||
    ttlMs <= 0
  ) {
    throw new TypeError('ReplayStoreObject: expected a key, a token and a positive TTL in ms')
  }
}
