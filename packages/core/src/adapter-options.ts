/**
 * The options every adapter takes, validated once here so each adapter only translates.
 */
import { WebhookConfigError, type WebhookError } from './errors.js'
import { assertKnownOptions } from './lib/options.js'

/** Options common to every adapter; `Context` is what the framework passes (`req`, `ctx`, ...). */
export interface AdapterOptions<Context> {
  /** Largest body accepted, in bytes; default 1 MiB. Larger bodies get 413 without being buffered. */
  limit?: number
  /** ms allowed for the body to arrive; default 30 s, then 408 (slow uploads can't hold sockets). */
  bodyTimeout?: number
  /**
   * Every failure with its full error (the client only sees the code): rejected webhooks,
   * configuration mistakes, replay-store failures. Without it, configuration mistakes are written
   * to the console once.
   */
  onError?: (error: WebhookError, context: Context) => void
}

/** `AdapterOptions` with defaults applied. */
export interface ResolvedAdapterOptions<Context> {
  readonly limit: number
  readonly bodyTimeout: number
  readonly onError: ((error: WebhookError, context: Context) => void) | undefined
}

/**
 * Validates an adapter's options (unknown keys too, naming the nearest valid one) and applies the
 * defaults. `extra` lists the adapter's own option names.
 *
 * @example
 * export function createMiddleware(options?: AdapterOptions<Request>) {
 *   const { limit, bodyTimeout, onError } = resolveAdapterOptions(options, 'createMiddleware')
 * }
 */
export function resolveAdapterOptions<Context>(
  options: AdapterOptions<Context> | undefined,
  what: string,
  extra: readonly string[] = [],
): ResolvedAdapterOptions<Context> {
  const given = options ?? {}
  if (typeof given !== 'object' || given === null)
    throw new WebhookConfigError(`${what}: options must be an object`)
  assertKnownOptions(given, ['limit', 'bodyTimeout', 'onError', ...extra], what)
  const limit = given.limit ?? 1024 * 1024
  if (typeof limit !== 'number' || !(limit >= 0))
    throw new WebhookConfigError(`${what}: limit must be a number of bytes >= 0`)
  const bodyTimeout = given.bodyTimeout ?? 30_000
  if (typeof bodyTimeout !== 'number' || !(bodyTimeout > 0) || !Number.isFinite(bodyTimeout))
    throw new WebhookConfigError(`${what}: bodyTimeout must be a positive number of ms`)
  const onError = given.onError
  if (onError !== undefined && typeof onError !== 'function')
    throw new WebhookConfigError(`${what}: onError must be a function`)
  return { limit, bodyTimeout, onError }
}
