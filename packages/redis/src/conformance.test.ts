import { memoryReplayStore } from '@hookwarden/core'
import { replayStoreCases } from '@hookwarden/core/testing'
import { afterAll, beforeAll, describe, it } from 'vitest'
import {
  connectNodeRedis,
  connectRedis,
  disconnectAll,
} from '../../../test/helpers/redis-client.js'
import {
  describeWithRedis,
  describeWithValkey,
  startRedisServer,
  type RedisServer,
  type ServerBinary,
} from '../../../test/helpers/redis-server.js'
import { describeReplayStore } from '../../../test/replay/describe-replay-store.js'
import { redisReplayStore, type RedisReplayClient } from './index.js'

// The same contract for the embedded store and the shared one.
describeReplayStore('memoryReplayStore', () => memoryReplayStore())

/** Every client library (and major line) the store accepts, connected to a server's URL. */
const CLIENTS: ReadonlyArray<readonly [string, (url: string) => Promise<RedisReplayClient>]> = [
  ['ioredis', (url) => connectRedis(url)],
  ['node-redis (redis@latest)', (url) => connectNodeRedis(url, 'current')],
  ['node-redis 5', (url) => connectNodeRedis(url, 5)],
  ['node-redis 4', (url) => connectNodeRedis(url, 4)],
]

/** Both contract suites, for every client, against one real server. */
function describeServer(binary: ServerBinary): void {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedisServer({ binary })
  })
  afterAll(async () => {
    disconnectAll()
    await server?.dispose()
  })

  for (const [library, connect] of CLIENTS) {
    describe(library, () => {
      let client: RedisReplayClient
      let run = 0
      beforeAll(async () => {
        client = await connect(server.url)
      })
      // A fresh prefix per test, so the same keys never meet across tests.
      describeReplayStore('redisReplayStore', () =>
        redisReplayStore(client, { prefix: `conformance:${library}:${run++}:` }),
      )
      describe('replayStoreCases, a new connection per store', () => {
        for (const { name, run: check } of replayStoreCases(async () =>
          redisReplayStore(await connect(server.url)),
        ))
          it(name, check)
      })
    })
  }
}

describeWithRedis('redisReplayStore (real redis-server)', () => describeServer('redis-server'))
describeWithValkey('redisReplayStore (real valkey-server)', () => describeServer('valkey-server'))
