/**
 * A replay store on Cloudflare Durable Objects, shared by every instance of a Worker.
 * @module
 */
export { durableObjectReplayStore } from './durable-object-replay-store.js'
export type {
  DurableObjectReplayStoreOptions,
  ReplayStoreNamespace,
  ReplayStoreStub,
} from './durable-object-replay-store.js'
