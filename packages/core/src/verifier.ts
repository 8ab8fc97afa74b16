/**
 * `createVerifier` and `verifyWebhook`: run a check against a request and return a `VerifyResult`.
 */
import type { Check, CheckResult, CheckSuccess } from './check.js'
import { WebhookConfigError, WebhookVerificationError, type WebhookError } from './errors.js'
import { decodeUtf8 } from './lib/encoding.js'
import { validTolerance } from './lib/timestamp.js'
import { reserve, type ReplayPolicy } from './replay/guard.js'
import type { ReplayStore } from './replay/store.js'
import { hasUnreadableHeaders, parseWebhookRequest, type WebhookRequest } from './request.js'
import { duplicateRejection, toRejection, type Rejection } from './rejection.js'
import { parseDuration } from './secrets.js'

export interface VerifierOptions {
  /** Seconds; overrides every check's own tolerance. `0` disables timestamp checks. */
  tolerance?: number
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: () => number
  /** Bodies longer than this are rejected with `ERR_WEBHOOK_BODY_TOO_LARGE`. */
  maxBodyBytes?: number
  /** Remembers deliveries so a replay is rejected with `ERR_WEBHOOK_REPLAYED`. */
  replay?: ReplayStore
  /** How long a processed delivery is remembered: ms or `'24h'` (default). Must cover the tolerance. */
  replayTtl?: number | string
  /** How long a delivery being handled blocks its duplicates: ms or `'5m'` (default). */
  inFlightTtl?: number | string
  /**
   * What `receive` answers a duplicate of a processed delivery: `'acknowledge'` (default: 200
   * `{"duplicate":true}`, so the sender stops retrying) or `'reject'` (409).
   */
  duplicates?: 'acknowledge' | 'reject'
}

/** A webhook that passed verification. */
export interface VerifiedWebhook {
  /** The verified bytes, exactly as received. */
  readonly body: Uint8Array
  /** The body as UTF-8; throws `TypeError` on invalid bytes (fatal decoding, RFC 3629). */
  text(): string
  /** `JSON.parse(text())`. */
  json<T = unknown>(): T
  /** Which check or preset accepted it, e.g. `'stripe'`, `'hmac'`. */
  readonly check: string
  /** Id of the secret or key that matched, when it has one. */
  readonly keyId?: string | undefined
  /** Delivery id, where the scheme signs one. */
  readonly id?: string | undefined
  /** Signed timestamp, where the scheme has one. */
  readonly timestamp?: Date | undefined
}

export type VerifyResult =
  | { readonly ok: true; readonly webhook: VerifiedWebhook }
  | { readonly ok: false; readonly error: WebhookVerificationError }

/**
 * `Verifier.receive`'s answer: a verified webhook to hand to the handler, then `settle` with the
 * handler's HTTP status; or the response to send instead.
 */
export type Reception =
  | {
      readonly ok: true
      readonly webhook: VerifiedWebhook
      /**
       * Commits the delivery on 2xx, releases it otherwise (so a retry is processed). Never
       * rejects: resolves to the replay store's error, if it failed, for `onError`.
       */
      settle(status: number): Promise<WebhookError | undefined>
    }
  | { readonly ok: false; readonly rejection: Rejection }

export interface Verifier {
  readonly check: Check
  /**
   * Verifies a request. With a replay store, a delivery seen before is `ERR_WEBHOOK_REPLAYED`.
   * Never throws for a bad webhook; throws `WebhookConfigError` for a developer mistake.
   */
  verify(request: WebhookRequest): Promise<VerifyResult>
  /**
   * For adapters: verifies and reserves the delivery, without committing it until the handler
   * has answered. Never throws: every failure comes back as the `Rejection` to send.
   */
  receive(request: WebhookRequest): Promise<Reception>
}

class Webhook implements VerifiedWebhook {
  readonly keyId: string | undefined
  readonly id: string | undefined
  readonly timestamp: Date | undefined

  constructor(
    readonly body: Uint8Array,
    readonly check: string,
    success: CheckSuccess,
  ) {
    this.keyId = success.keyId
    this.id = success.id
    this.timestamp = success.timestamp === undefined ? undefined : new Date(success.timestamp)
  }

  text(): string {
    const text = decodeUtf8(this.body)
    if (text === undefined) throw new TypeError('webhook body is not valid UTF-8')
    return text
  }

  json<T = unknown>(): T {
    return JSON.parse(this.text()) as T
  }
}

/** True for a `Check` (as opposed to a `Verifier`): adapters accept either. */
export function isVerifier(value: Check | Verifier): value is Verifier {
  return 'check' in value && typeof (value as Verifier).verify === 'function'
}

/**
 * Builds a reusable verifier. Options are validated here, once; bad ones throw `WebhookConfigError`.
 *
 * @example
 * const verifier = createVerifier(presets.github({ secret }), { tolerance: 300 })
 * const result = await verifier.verify({ headers: req.headers, body: rawBytes })
 * if (!result.ok) return respond(result.error.status, result.error.code)
 */
export function createVerifier(check: Check, options: VerifierOptions = {}): Verifier {
  if (typeof check?.verify !== 'function')
    throw new WebhookConfigError('createVerifier: a check is required')
  const tolerance =
    options.tolerance === undefined
      ? undefined
      : validTolerance(options.tolerance, 'createVerifier')
  const clock = options.clock ?? Date.now
  if (typeof clock !== 'function')
    throw new WebhookConfigError('createVerifier: clock must be a function')
  const maxBodyBytes = options.maxBodyBytes ?? Infinity
  if (typeof maxBodyBytes !== 'number' || !(maxBodyBytes >= 0)) {
    throw new WebhookConfigError('createVerifier: maxBodyBytes must be a number >= 0')
  }

  const replay = replayPolicy(options, tolerance)
  const duplicates = options.duplicates ?? 'acknowledge'

  type Authenticated =
    | {
        readonly ok: true
        readonly replayKey: string | undefined
        readonly webhook: VerifiedWebhook
      }
    | { readonly ok: false; readonly error: WebhookVerificationError }

  /** Synchronous when the check is (node:crypto HMAC): no promise is made until the end. */
  const authenticate = (request: WebhookRequest): Authenticated | Promise<Authenticated> => {
    const parsed = parseWebhookRequest(request)
    if (parsed.body.length > maxBodyBytes) {
      return { ok: false, error: new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE') }
    }
    const finish = (result: CheckResult): Authenticated =>
      hasUnreadableHeaders(parsed)
        ? { ok: false, error: malformedHeaders() }
        : result.ok
          ? // An explicit object, not `{ ...result }`: V8 clones such results slowly (about 1 µs a call).
            {
              ok: true,
              replayKey: result.replayKey,
              webhook: new Webhook(parsed.body, check.name, result),
            }
          : result
    // Headers that threw when read: a rejection, never a throw, whatever the check made of it.
    const unreadable = (error: unknown): Authenticated => {
      if (hasUnreadableHeaders(parsed)) return { ok: false, error: malformedHeaders() }
      throw error
    }
    let result: CheckResult | Promise<CheckResult>
    try {
      result = check.verify(parsed, { now: clock(), tolerance, replay: replay !== undefined })
    } catch (error) {
      return unreadable(error)
    }
    return isPromise(result) ? result.then(finish, unreadable) : finish(result)
  }

  const protect = async (result: Authenticated): Promise<VerifyResult> => {
    if (!result.ok || replay === undefined)
      return result.ok ? { ok: true, webhook: result.webhook } : result
    const reservation = await reserve(replay, result.replayKey)
    if (!reservation.ok) return reservation
    // Reserved but not recorded (the store went away in between): fail closed like an
    // unreachable store. The claim lapses after inFlightTtl, so the sender's retry gets through.
    const error = await reservation.settle(200)
    return error ? { ok: false, error } : { ok: true, webhook: result.webhook }
  }

  return {
    check,
    verify(request) {
      try {
        const result = authenticate(request)
        if (isPromise(result)) return result.then(protect)
        // Without a replay store there is nothing to reserve: one resolved promise, no ticks.
        return replay === undefined
          ? Promise.resolve(result.ok ? { ok: true, webhook: result.webhook } : result)
          : protect(result)
      } catch (error) {
        return Promise.reject(error)
      }
    },
    async receive(request) {
      try {
        const result = await authenticate(request)
        if (!result.ok) return { ok: false, rejection: toRejection(result.error) }
        const reservation = await reserve(replay, result.replayKey)
        if (reservation.ok) return { ok: true, webhook: result.webhook, settle: reservation.settle }
        const { error, duplicate } = reservation
        if (duplicate === 'processed' && duplicates === 'acknowledge') {
          return { ok: false, rejection: duplicateRejection(error) }
        }
        // In flight elsewhere: the sender should come back once the first attempt has settled.
        return {
          ok: false,
          rejection: toRejection(
            error,
            duplicate === 'in-flight' ? { 'retry-after': '5' } : undefined,
          ),
        }
      } catch (error) {
        return { ok: false, rejection: toRejection(error) }
      }
    },
  }
}

function replayPolicy(
  options: VerifierOptions,
  tolerance: number | undefined,
): ReplayPolicy | undefined {
  if (options.replay === undefined) return undefined
  const store = options.replay
  if (
    typeof store?.reserve !== 'function' ||
    typeof store.commit !== 'function' ||
    typeof store.release !== 'function'
  ) {
    throw new WebhookConfigError(
      'createVerifier: replay must be a ReplayStore (reserve, commit, release)',
    )
  }
  const ttl = parseDuration(options.replayTtl ?? '24h', 'createVerifier replayTtl')
  const inFlightTtl = parseDuration(options.inFlightTtl ?? '5m', 'createVerifier inFlightTtl')
  // A replay must stay remembered for as long as its timestamp would still be accepted.
  if (tolerance !== undefined && ttl < 2 * tolerance * 1000) {
    throw new WebhookConfigError('createVerifier: replayTtl must be at least twice the tolerance')
  }
  if (ttl < 1 || inFlightTtl < 1)
    throw new WebhookConfigError('createVerifier: replay TTLs must be positive')
  return { store, ttl, inFlightTtl }
}

/**
 * One-shot verification. Prefer `createVerifier` on a hot path: it validates options once.
 *
 * @example
 * const result = await verifyWebhook({ headers, body }, presets.stripe({ secret }))
 */
export function verifyWebhook(
  request: WebhookRequest,
  check: Check,
  options?: VerifierOptions,
): Promise<VerifyResult> {
  return createVerifier(check, options).verify(request)
}

/**
 * Headers that throw when read answer 400 `ERR_WEBHOOK_SIGNATURE_MALFORMED`, like a header that is
 * present but unparseable: the signature could not be read. A hostile sender may be behind it
 * (a lazily decoded header that throws on junk), so this is a verdict on the request, returned like
 * any other; a config error would be thrown from `verify` and answered 500, inviting retries.
 */
function malformedHeaders(): WebhookVerificationError {
  return new WebhookVerificationError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}
