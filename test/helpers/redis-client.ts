/**
 * ioredis and node-redis clients for the tests: the recommended fail-fast options, errors observed
 * (not logged by ioredis as unhandled, not thrown by node-redis), and a wait for the first `ready`.
 */
import { Redis, type RedisOptions } from 'ioredis'
import { createClient } from 'redis'
import { createClient as createClient4 } from 'redis4'
import { createClient as createClient5 } from 'redis5'

/** The options the tests vary (a narrow pick: ioredis 6's full type trips exactOptionalPropertyTypes). */
type ClientOptions = Pick<RedisOptions, 'maxRetriesPerRequest' | 'enableOfflineQueue'>

/** The options the README recommends for a replay store. */
export const RECOMMENDED: ClientOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false }

const clients = new Set<Redis>()

/** Connects and waits until ready; `disconnectAll` closes every client made here. */
export async function connectRedis(
  url: string,
  options: ClientOptions = RECOMMENDED,
): Promise<Redis> {
  const client = new Redis(url, options)
  client.on('error', () => {}) // outages are provoked on purpose; the store reports them
  clients.add(client)
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve))
  return client
}

/** A node-redis client of the current major (`redis`), of v5 (`redis5`) or of v4 (`redis4`). */
export type NodeRedisClient =
  | ReturnType<typeof createClient>
  | ReturnType<typeof createClient5>
  | ReturnType<typeof createClient4>

/** The node-redis major lines the tests cover: v4, v5, and the current one (v6 at the time of writing). */
export type NodeRedisMajor = 4 | 5 | 'current'

const nodeRedisClients = new Set<NodeRedisClient>()

/** Connects a node-redis client of the given major line; `disconnectAll` closes it too. */
export async function connectNodeRedis(
  url: string,
  major: NodeRedisMajor = 'current',
): Promise<NodeRedisClient> {
  const client: NodeRedisClient =
    major === 4
      ? createClient4({ url })
      : major === 5
        ? createClient5({ url })
        : createClient({ url })
  client.on('error', () => {}) // node-redis throws an unhandled 'error' event without a listener
  nodeRedisClients.add(client)
  await client.connect()
  return client
}

export function disconnectAll(): void {
  for (const client of clients) client.disconnect()
  clients.clear()
  for (const client of nodeRedisClients) void client.disconnect().catch(() => {})
  nodeRedisClients.clear()
}
