/**
 * The few Workers runtime types this package uses, under the names `@cloudflare/workers-types`
 * gives them, so the repository typechecks without that package (whose globals clash with
 * lib.dom). A Worker project gets the real ones from `wrangler types` or workers-types.
 */
declare module 'cloudflare:workers' {
  /** Base class of RPC-capable Durable Objects. */
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState
    protected env: Env
    constructor(ctx: DurableObjectState, env: Env)
  }
}

interface DurableObjectState {
  readonly storage: DurableObjectStorage
}

interface DurableObjectStorage {
  readonly sql: SqlStorage
  getAlarm(): Promise<number | null>
  setAlarm(scheduledTime: number | Date): Promise<void>
}

type SqlStorageValue = ArrayBuffer | string | number | null

interface SqlStorage {
  exec<T extends Record<string, SqlStorageValue>>(
    query: string,
    ...bindings: unknown[]
  ): SqlStorageCursor<T>
}

interface SqlStorageCursor<T extends Record<string, SqlStorageValue>> {
  toArray(): T[]
  one(): T
  readonly rowsWritten: number
}
