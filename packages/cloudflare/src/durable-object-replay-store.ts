/**
 * `durableObjectReplayStore`: a `ReplayStore` whose entries live in `ReplayStoreObject` Durable
 * Objects, shared by every Worker instance and atomic per key.
 */
import { WebhookConfigError, type ReplayStore, type ReserveOutcome } from '@hookwarden/core'
import { locate } from './lib/locate.js'

/**
 * The RPC methods of `ReplayStoreObject` as a stub exposes them. Structural, so this entry needs
 * neither `cloudflare:workers` nor `@cloudflare/workers-types` and imports anywhere.
 */
export interface ReplayStoreStub {
  reserve(key: string, token: string, ttlMs: number): Promise<ReserveOutcome>
  renew(key: string, token: string, ttlMs: number): Promise<boolean>
  commit(key: string, token: string, ttlMs: number): Promise<void>
  release(key: string, token: string): Promise<void>
}

/** The part of a `DurableObjectNamespace<ReplayStoreObject>` binding the store uses. */
export interface ReplayStoreNamespace<Id = unknown> {
  idFromName(name: string): Id
  get(id: Id): ReplayStoreStub
}

/** Options of `durableObjectReplayStore`. */
export interface DurableObjectReplayStoreOptions {
  /**
   * How many objects share the keys; default 16. One object serves requests one at a time, so
   * shards spread a busy receiver's load. Fixed for the life of the data: changing it sends keys to
   * other objects, which then do not know the deliveries processed before.
   */
  shards?: number
  /** Objects are named `<name>:<shard>`; default `'hookwarden-replay'`. One name per receiver. */
  name?: string
}

const OPTIONS = ['shards', 'name']
/** Past this, more objects add no throughput a webhook receiver needs, only spread. */
const MAX_SHARDS = 1024

// example prelude: interface Env { SECRET: string; REPLAY: ReplayStoreNamespace<unknown> }
// interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
// type Handle = (request: Request, webhook: VerifiedWebhook, env: Env, ctx: ExecutionContext) => Response
// declare const handle: Handle
/**
 * A `ReplayStore` on Durable Objects, for Workers: replay protection shared by every instance and
 * location, atomic because each key belongs to one object, which handles one request at a time.
 * Each store call is one RPC to one object. Keys are stored as their SHA-256, and a key's shard is
 * chosen from that hash, so one key always reaches the same object.
 *
 * Errors: bad options throw `WebhookConfigError` (`ERR_WEBHOOK_CONFIG_INVALID`). A failed call
 * (object overloaded, unreachable, or throwing) rejects, and the verifier answers
 * `ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE` (503): it fails closed.
 * @see https://developers.cloudflare.com/durable-objects/best-practices/create-durable-object-stubs-and-send-requests/
 * @see https://developers.cloudflare.com/durable-objects/best-practices/error-handling/
 *
 * @example
 * export { ReplayStoreObject } from '@hookwarden/cloudflare/durable-object'
 * export default {
 *   fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
 *     createFetchHandler(createVerifier(presets.github({ secret: env.SECRET }), {
 *       replay: durableObjectReplayStore(env.REPLAY),
 *     }), handle)(request, env, ctx),
 * }
 */
export function durableObjectReplayStore<Id>(
  namespace: ReplayStoreNamespace<Id>,
  options: DurableObjectReplayStoreOptions = {},
): ReplayStore {
  if (typeof namespace?.idFromName !== 'function' || typeof namespace.get !== 'function') {
    throw new WebhookConfigError(
      'durableObjectReplayStore: pass the Durable Object namespace binding of ReplayStoreObject (env.REPLAY)',
    )
  }
  if (typeof options !== 'object' || options === null) {
    throw new WebhookConfigError('durableObjectReplayStore: options must be an object')
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) {
      throw new WebhookConfigError(
        `durableObjectReplayStore: unknown option ${JSON.stringify(key)} (known: shards, name)`,
      )
    }
  }
  const shards = options.shards ?? 16
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new WebhookConfigError(
      `durableObjectReplayStore: shards must be an integer from 1 to ${MAX_SHARDS}`,
    )
  }
  const name = options.name ?? 'hookwarden-replay'
  if (typeof name !== 'string' || name === '') {
    throw new WebhookConfigError('durableObjectReplayStore: name must be a non-empty string')
  }

  /** A fresh stub per call: a stub that saw an error may stay broken (Cloudflare's advice). */
  const objectFor = async (key: string) => {
    const location = await locate(key, shards)
    const stub = namespace.get(namespace.idFromName(`${name}:${location.shard}`))
    return { stub, key: location.key }
  }

  return {
    async reserve(key, token, ttlMs) {
      const at = await objectFor(key)
      return at.stub.reserve(at.key, token, ttlMs)
    },
    async renew(key, token, ttlMs) {
      const at = await objectFor(key)
      return at.stub.renew(at.key, token, ttlMs)
    },
    async commit(key, token, ttlMs) {
      const at = await objectFor(key)
      await at.stub.commit(at.key, token, ttlMs)
    },
    async release(key, token) {
      const at = await objectFor(key)
      await at.stub.release(at.key, token)
    },
  }
}
