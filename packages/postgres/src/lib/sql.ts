import { createHash } from 'node:crypto'

/**
 * The SQL the store sends, built once per table. Every statement is one round trip and uses the
 * database's clock (`clock_timestamp()`), so instances whose clocks disagree still agree on expiry.
 */

/** Rows swept per sweeping `reserve`, and how often a `reserve` sweeps. */
export const SWEEP_LIMIT = 100
export const SWEEP_EVERY = 16

/** `schema.table` or `table`: lowercase unquoted identifiers, so the name reads the same in psql. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/
/** PostgreSQL truncates identifiers at 63 bytes; the index name adds this suffix to the table's. */
const INDEX_SUFFIX = '_expires_at_idx'
const MAX_IDENTIFIER = 63

/** A validated table name: the quoted, possibly schema-qualified name and its index's name. */
export interface TableName {
  readonly qualified: string
  readonly index: string
}

/** Parses `table` or `schema.table`; `undefined` when it is not a plain lowercase identifier. */
export function parseTableName(name: unknown): TableName | undefined {
  if (typeof name !== 'string') return undefined
  const parts = name.split('.')
  if (parts.length > 2) return undefined
  if (!parts.every((part) => IDENTIFIER.test(part) && part.length <= MAX_IDENTIFIER))
    return undefined
  const table = parts[parts.length - 1] ?? ''
  if (table.length + INDEX_SUFFIX.length > MAX_IDENTIFIER) return undefined
  return {
    qualified: parts.map((part) => `"${part}"`).join('.'),
    index: `"${table}${INDEX_SUFFIX}"`,
  }
}

/** The table and its expiry index, as the README shows them for people who run migrations. */
export function createTableSql({ qualified, index }: TableName): string {
  return `CREATE TABLE IF NOT EXISTS ${qualified} (
  key bytea PRIMARY KEY,
  token text,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ${index} ON ${qualified} (expires_at);`
}

/**
 * A statement and the name `pg` prepares it under. The name holds a hash of the text: `pg` refuses
 * one name for two texts on a connection, and two stores on other tables may share a pool.
 */
export interface Statement {
  readonly name: string
  readonly text: string
}

const named = (operation: string, text: string): Statement => ({
  name: `hookwarden_${operation}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`,
  text,
})

export interface Statements {
  /** $1 key, $2 token, $3 ttl ms → one row `{ outcome }`, or none when the row is not yet visible. */
  readonly reserve: Statement
  /** `reserve` that also deletes up to `SWEEP_LIMIT` expired rows of other keys. */
  readonly reserveAndSweep: Statement
  /** $1 key, $2 token, $3 ttl ms → rowCount 1 when renewed. */
  readonly renew: Statement
  /** $1 key, $2 token, $3 ttl ms. */
  readonly commit: Statement
  /** $1 key, $2 token. */
  readonly release: Statement
  /** One implicit transaction (simple query protocol): concurrent migrations wait for each other. */
  readonly migrate: string
}

const ttl = (param: string) =>
  `clock_timestamp() + ${param}::double precision * interval '1 millisecond'`

export function statements(table: TableName): Statements {
  const t = table.qualified
  // Rows: a claim holds its owner's token; a processed delivery has token NULL. A row whose
  // expires_at has passed counts as absent, and the conflict update below takes it over.
  const claim = `claim AS (
  INSERT INTO ${t} AS d (key, token, expires_at) VALUES ($1, $2, ${ttl('$3')})
  ON CONFLICT (key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
  WHERE d.expires_at <= clock_timestamp()
  RETURNING 1
)`
  // ON CONFLICT sees (and locks) the latest row even when this statement's snapshot predates it;
  // the SELECT below does not, so it can find no row: the caller reads that as in flight.
  const answer = `SELECT 'reserved' AS outcome FROM claim
UNION ALL
SELECT CASE WHEN d.token IS NULL AND d.expires_at > clock_timestamp() THEN 'processed' ELSE 'in-flight' END
FROM ${t} AS d WHERE d.key = $1 AND NOT EXISTS (SELECT FROM claim)`
  // Skips locked rows (a claim being taken over) and our own key, which the claim may update in
  // the same statement. `(SELECT clock_timestamp())` is computed once, so the index is used.
  const sweep = `swept AS (
  DELETE FROM ${t} WHERE ctid = ANY (ARRAY(
    SELECT ctid FROM ${t}
    WHERE expires_at < (SELECT clock_timestamp()) AND key <> $1
    ORDER BY expires_at LIMIT ${SWEEP_LIMIT}
    FOR UPDATE SKIP LOCKED
  ))
)`
  const held = `key = $1 AND token = $2 AND expires_at > clock_timestamp()`
  return {
    reserve: named('reserve', `WITH ${claim}\n${answer}`),
    reserveAndSweep: named('reserve_sweep', `WITH ${sweep},\n${claim}\n${answer}`),
    renew: named('renew', `UPDATE ${t} SET expires_at = ${ttl('$3')} WHERE ${held}`),
    commit: named(
      'commit',
      `UPDATE ${t} SET token = NULL, expires_at = ${ttl('$3')} WHERE ${held}`,
    ),
    release: named('release', `DELETE FROM ${t} WHERE key = $1 AND token = $2`),
    migrate: `SELECT pg_advisory_xact_lock(hashtext('hookwarden migrate ' || ${quoteLiteral(t)}));
${createTableSql(table)}`,
  }
}

/** A string literal for a name we validated ourselves (no quotes or backslashes can occur). */
function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
