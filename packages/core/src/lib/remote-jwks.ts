/**
 * A JWKS fetched from a URL, on jose's `createRemoteJWKSet` (cache, refresh on an unknown `kid`,
 * cooldown, timeout, no redirects), with the response read through a byte cap. jose is imported
 * dynamically, on first use, so checks built from static keys never load it.
 */
import type { RemoteJWKSet } from 'jose/jwks/remote'
import { WebhookConfigError } from '../errors.js'
import type { Jwk } from './public-key.js'

/** How a remote key set (`jwksUrl`) is fetched and cached; durations in milliseconds. */
export interface RemoteJwksOptions {
  /** How long a fetched set is used before it is fetched again; default 600000 (10 min). */
  cacheMaxAge?: number
  /**
   * After a fetch, how long an unknown `kid` is answered from the cache without fetching again;
   * default 30000. A flood of made-up `kid`s therefore costs the key URL one fetch per cooldown.
   * After a failed fetch, requests fail at once (503) for `min(cooldown, 5000)` ms.
   */
  cooldown?: number
  /** Fetch timeout, covering the whole response (headers and body); default 5000. */
  timeout?: number
  /**
   * Lets `jwksUrl` be plain `http:` when its host is loopback (`127.0.0.0/8`, `[::1]`,
   * `localhost`), for tests and a key server on the same machine. Default `false`: anything but
   * `https:` is a config error, and `http:` to any other host is refused even with this set,
   * since whoever sits on the network path could then serve their own keys.
   */
  allowLoopbackHttp?: boolean
}

/** Most bytes read from a JWKS response; real sets are a few KiB. Over it: key unavailable. */
export const MAX_JWKS_BYTES = 64 * 1024

/** Thrown by `find` when the set cannot be fetched: mapped to `ERR_WEBHOOK_KEY_UNAVAILABLE`. */
export class KeySetUnavailable extends Error {}

export interface RemoteJwks {
  /** The keys with this `kid` (fetching or refreshing as needed); throws `KeySetUnavailable`. */
  find(kid: string): Promise<readonly Jwk[]>
}

/**
 * Looks keys up by `kid` yourself, e.g. with Plaid's `/webhook_verification_key/get`. Return the
 * JWK(s), or `undefined` when there is none; a throw means the keys are unavailable (503).
 */
export type KeyResolver = (kid: string) => Promise<Jwk | readonly Jwk[] | null | undefined>

/** Most `kid`s a resolver's answers are kept for. */
const MAX_CACHED_KIDS = 32

function duration(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !(value >= 0) || !Number.isInteger(value)) {
    throw new WebhookConfigError(`${what}: must be a whole number of milliseconds >= 0`)
  }
  return value
}

/** Loopback as the URL parser writes it (it already turned `127.1` or `0x7f.0.0.1` into dotted form). */
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  )
}

/**
 * Validates a JWKS URL option: `https:`, or `http:` to a loopback host when `allowLoopbackHttp`
 * is set. The keys decide what is authentic, so they must not travel where they can be swapped.
 */
export function jwksUrl(value: unknown, what: string, allowLoopbackHttp: unknown = false): URL {
  if (typeof allowLoopbackHttp !== 'boolean') {
    throw new WebhookConfigError(`${what}: jwksCache.allowLoopbackHttp must be true or false`)
  }
  let url: URL | undefined
  if (typeof value === 'string' || value instanceof URL) {
    try {
      url = new URL(String(value))
    } catch {
      url = undefined
    }
  }
  if (url?.protocol === 'https:') return url
  if (url?.protocol === 'http:' && isLoopback(url.hostname)) {
    if (allowLoopbackHttp) return url
    throw new WebhookConfigError(
      `${what}: jwksUrl must be an https: URL; for a loopback test server over http:, ` +
        'set jwksCache: { allowLoopbackHttp: true }',
    )
  }
  throw new WebhookConfigError(
    `${what}: jwksUrl must be an https: URL (plain http: is allowed only to 127.0.0.1, [::1] or ` +
      'localhost, with jwksCache.allowLoopbackHttp)',
  )
}

/** The response body, read as a stream and abandoned once it passes `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > limit) {
    await response.body?.cancel()
    throw new RangeError('JWKS response over the size cap')
  }
  const reader = response.body?.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const chunk = await reader?.read()
    if (chunk === undefined || chunk.done) break
    total += chunk.value.byteLength
    if (total > limit) {
      await reader?.cancel()
      throw new RangeError('JWKS response over the size cap')
    }
    chunks.push(chunk.value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/**
 * jose's fetch, with the body capped (jose calls `response.json()` on whatever arrives) and
 * redirects never followed. jose's timeout signal is passed on, so it also stops a slow body.
 */
async function cappedFetch(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, { ...init, redirect: 'manual' })
  if (response.status !== 200) {
    await response.body?.cancel()
    return response // jose rejects anything but 200
  }
  const bytes = await readCapped(response, MAX_JWKS_BYTES)
  return new Response(bytes, { status: 200 })
}

function durations(options: RemoteJwksOptions = {}, what: string) {
  const cooldown = duration(options.cooldown, 30_000, `${what} jwksCache.cooldown`)
  return {
    cacheMaxAge: duration(options.cacheMaxAge, 600_000, `${what} jwksCache.cacheMaxAge`),
    cooldown,
    timeout: duration(options.timeout, 5_000, `${what} jwksCache.timeout`),
    retryAfterFailure: Math.min(cooldown, 5_000),
  }
}

export function remoteJwks(
  url: URL,
  options: RemoteJwksOptions | undefined,
  what: string,
): RemoteJwks {
  const { cacheMaxAge, cooldown, timeout, retryAfterFailure } = durations(options, what)
  let set: Promise<RemoteJWKSet> | undefined
  let failedAt = -Infinity

  const reload = async (jwks: RemoteJWKSet): Promise<void> => {
    // jose retries on every call after a failed fetch; this backoff keeps a dead URL from being hammered.
    if (Date.now() - failedAt < retryAfterFailure) throw new KeySetUnavailable()
    try {
      await jwks.reload()
    } catch (cause) {
      failedAt = Date.now()
      throw new KeySetUnavailable(undefined, { cause })
    }
  }
  const lookup = (jwks: RemoteJWKSet, kid: string): Jwk[] =>
    ((jwks.jwks()?.keys ?? []) as Jwk[]).filter((jwk) => jwk.kid === kid)

  return {
    async find(kid) {
      set ??= import('jose/jwks/remote').then(({ createRemoteJWKSet, customFetch }) =>
        createRemoteJWKSet(url, {
          cacheMaxAge,
          cooldownDuration: cooldown,
          timeoutDuration: timeout,
          [customFetch]: cappedFetch,
        }),
      )
      const jwks = await set
      if (!jwks.fresh) await reload(jwks)
      let found = lookup(jwks, kid)
      if (found.length === 0 && !jwks.coolingDown) {
        await reload(jwks)
        found = lookup(jwks, kid)
      }
      return found
    },
  }
}

/**
 * Keys from a `KeyResolver`, with the same policy as a JWKS URL: answers cached per `kid` for
 * `cacheMaxAge`, calls for one `kid` shared while in flight, at most one call for unknown `kid`s
 * per `cooldown`, and a short backoff after a failure.
 */
export function resolvedJwks(
  resolve: KeyResolver,
  options: RemoteJwksOptions | undefined,
  what: string,
): RemoteJwks {
  const { cacheMaxAge, cooldown, retryAfterFailure } = durations(options, what)
  const cache = new Map<string, { readonly jwks: readonly Jwk[]; readonly at: number }>()
  const pending = new Map<string, Promise<readonly Jwk[]>>()
  let missedAt = -Infinity
  let failedAt = -Infinity
  /** The lookup of a `kid` not in the cache, in flight: such lookups run one at a time. */
  let probe: Promise<readonly Jwk[]> | undefined

  const lookup = async (kid: string): Promise<readonly Jwk[]> => {
    let found: Jwk | readonly Jwk[] | null | undefined
    try {
      found = await resolve(kid)
    } catch (cause) {
      failedAt = Date.now()
      throw new KeySetUnavailable(undefined, { cause })
    }
    const jwks =
      found === null || found === undefined
        ? []
        : Array.isArray(found)
          ? (found as readonly Jwk[])
          : [found as Jwk]
    if (jwks.length === 0) {
      missedAt = Date.now()
      return jwks
    }
    if (cache.size >= MAX_CACHED_KIDS) cache.clear()
    cache.set(kid, { jwks, at: Date.now() })
    return jwks
  }

  const find = (kid: string): Promise<readonly Jwk[]> => {
    const now = Date.now()
    const hit = cache.get(kid)
    if (hit !== undefined && now - hit.at < cacheMaxAge) return Promise.resolve(hit.jwks)
    // A flood of made-up kids costs the key service one call per cooldown.
    if (hit === undefined && now - missedAt < cooldown) return Promise.resolve([])
    if (now - failedAt < retryAfterFailure) return Promise.reject(new KeySetUnavailable())
    let call = pending.get(kid)
    if (call !== undefined) return call
    // Unknown kids are looked up one at a time: a concurrent burst of made-up kids waits for the
    // first answer, whose miss then puts the rest in the cooldown (one call, not one per request).
    if (hit === undefined && probe !== undefined) {
      const retry = () => find(kid)
      return probe.then(retry, retry)
    }
    const started = lookup(kid).finally(() => {
      pending.delete(kid)
      if (probe === started) probe = undefined
    })
    call = started
    pending.set(kid, call)
    if (hit === undefined) probe = call
    return call
  }
  return { find }
}
