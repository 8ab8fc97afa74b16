/**
 * The values a replay key holds and the Lua scripts that settle a reservation atomically.
 */
import { createHash } from 'node:crypto'

/** A Lua script and its SHA-1, the name `EVALSHA` calls it by. */
export interface Script {
  readonly body: string
  readonly sha1: string
}

const script = (body: string): Script => ({
  body,
  sha1: createHash('sha1').update(body).digest('hex'),
})

/** Value of a processed delivery. Reservations are `RESERVED + token`, so no token can equal it. */
export const PROCESSED = 'p'

/** Prefix of a reservation's value, followed by the owner's token. */
export const RESERVED = 'r:'

/** What `RESERVE_SCRIPT` answers (integers: the same reply under RESP2 and RESP3, in every client). */
export const OUTCOME_RESERVED = 0
export const OUTCOME_IN_FLIGHT = 1
export const OUTCOME_PROCESSED = 2

/**
 * KEYS[1] = key, ARGV = [reservation value, ttl ms, processed value]: claim the key if it is free,
 * else say whether it is processed or in flight, in one round trip. A script runs atomically, so
 * the key cannot vanish between the SET and the GET. SET … NX answers false (nil) when it did not set.
 */
export const RESERVE_SCRIPT =
  script(`if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return ${OUTCOME_RESERVED}
end
if redis.call('GET', KEYS[1]) == ARGV[3] then
  return ${OUTCOME_PROCESSED}
end
return ${OUTCOME_IN_FLIGHT}`)

/** KEYS[1] = key, ARGV = [reservation value, processed value, ttl ms]: commit only our own claim. */
export const COMMIT_SCRIPT = script(`if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return false`)

/** KEYS[1] = key, ARGV = [reservation value]: release only our own claim. */
export const RELEASE_SCRIPT = script(`if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

/** KEYS[1] = key, ARGV = [reservation value, ttl ms]: extend only our own claim. */
export const RENEW_SCRIPT = script(`if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`)
