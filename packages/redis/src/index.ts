/**
 * A replay store in Redis, shared by every instance of a webhook receiver.
 * @module
 */
export { redisReplayStore } from './redis-replay-store.js'
export type {
  IoRedisReplayClient,
  NodeRedisReplayClient,
  RedisReplayClient,
  RedisReplayStoreOptions,
} from './redis-replay-store.js'
