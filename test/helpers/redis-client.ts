/**
 * ioredis clients for the tests: the recommended fail-fast options, errors observed (not logged
 * by ioredis as unhandled), and a wait for the first `ready`.
 */
import { Redis, type RedisOptions } from 'ioredis'

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

export function disconnectAll(): void {
  for (const client of clients) client.disconnect()
  clients.clear()
}
