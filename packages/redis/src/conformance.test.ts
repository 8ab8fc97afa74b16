import { memoryReplayStore } from '@hookwarden/core'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import { connectRedis, disconnectAll } from '../../../test/helpers/redis-client.js'
import {
  describeWithRedis,
  startRedisServer,
  type RedisServer,
} from '../../../test/helpers/redis-server.js'
import { describeReplayStore } from '../../../test/replay/describe-replay-store.js'
import { redisReplayStore } from './index.js'

// The same contract for the embedded store and the shared one.
describeReplayStore('memoryReplayStore', () => memoryReplayStore())

describeWithRedis('redisReplayStore (real redis-server)', () => {
  let server: RedisServer
  let client: Redis
  let run = 0
  beforeAll(async () => {
    server = await startRedisServer()
    client = await connectRedis(server.url)
  })
  afterAll(async () => {
    disconnectAll()
    await server?.dispose()
  })

  // A fresh prefix per test, so the same keys never meet across tests.
  describeReplayStore('redisReplayStore', () =>
    redisReplayStore(client, { prefix: `conformance:${run++}:` }),
  )
})
