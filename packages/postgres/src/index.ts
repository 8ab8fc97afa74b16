/**
 * A replay store in PostgreSQL, shared by every instance of a webhook receiver.
 * @module
 */
export { postgresReplayStore } from './postgres-replay-store.js'
export type {
  PostgresReplayClient,
  PostgresReplayStore,
  PostgresReplayStoreOptions,
} from './postgres-replay-store.js'
