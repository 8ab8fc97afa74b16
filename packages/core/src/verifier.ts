/**
 * `createVerifier` and `verifyWebhook`: run a check against a request; and the delivery lifecycle
 * (verify, claim, run the handler, commit or release) that every adapter goes through.
 */
import type { Check, CheckContext, CheckResult, HandshakeResponse } from './check.js'
import { WebhookConfigError, WebhookVerificationError, type WebhookError } from './errors.js'
import { createEmitter, type VerificationEvents } from './events.js'
import { assertKnownOptions } from './lib/options.js'
import { validTolerance } from './lib/timestamp.js'
import { isConfigMistake, warnOnce } from './lib/warn-once.js'
import { claim, UNCLAIMED, type ReplayPolicy } from './replay/claim.js'
import { USE_CLOCK, type ReplayStore } from './replay/store.js'
import {
  hasUnreadableHeaders,
  parseWebhookRequest,
  type ParsedWebhookRequest,
  type WebhookRequest,
} from './request.js'
import { DUPLICATE_ANSWER, toRejection, type Rejection } from './rejection.js'
import { parseDuration } from './secrets.js'
import { Webhook, type VerifiedWebhook } from './webhook.js'

export type { VerifiedWebhook } from './webhook.js'

export interface VerifierOptions {
  /** Seconds; overrides every check's own tolerance. `0` disables timestamp checks. */
  tolerance?: number
  /** Milliseconds since the epoch; default `Date.now`. Also drives a `memoryReplayStore`. */
  clock?: () => number
  /** Bodies longer than this are rejected with `ERR_WEBHOOK_BODY_TOO_LARGE`. */
  maxBodyBytes?: number
  /** Remembers deliveries so each is processed once (see `receive` and `handle`). */
  replay?: ReplayStore
  /**
   * How long a processed delivery is remembered at most: ms or a duration such as `'24h'`
   * (default). Timestamped deliveries are forgotten sooner, once their timestamp is out of
   * tolerance. Must be at least twice the effective tolerance.
   */
  replayTtl?: number | string
  /**
   * How long a claim outlives its last renewal: ms or `'1m'` (default). The claim is renewed while
   * the handler runs, however long; this only bounds how long a crashed process blocks retries.
   */
  inFlightTtl?: number | string
  /**
   * What a duplicate of a processed delivery gets: `'acknowledge'` (default: 200
   * `{"duplicate":true}`, so the sender stops retrying) or `'reject'` (409).
   */
  duplicates?: 'acknowledge' | 'reject'
  /**
   * Listeners told of every verification's outcome (`verify`, `receive`, `handle`: once each), for
   * metrics and tracing; `@hookwarden/opentelemetry` provides them. They never see a secret,
   * signature, header value or body byte, and what they throw is ignored.
   */
  events?: VerificationEvents
}

const OPTION_NAMES = [
  'tolerance',
  'clock',
  'maxBodyBytes',
  'replay',
  'replayTtl',
  'inFlightTtl',
  'duplicates',
  'events',
] as const satisfies readonly (keyof VerifierOptions)[]

export type VerifyResult =
  | { readonly ok: true; readonly webhook: VerifiedWebhook }
  | { readonly ok: false; readonly error: WebhookVerificationError }

/**
 * `Verifier.receive`'s answer: a verified, claimed webhook to hand to the handler, then `settle`
 * with the handler's HTTP status; or the response to send instead (a rejection, a processed
 * duplicate, an endpoint handshake).
 */
export type Reception =
  | {
      readonly ok: true
      readonly webhook: VerifiedWebhook
      /**
       * Commits the delivery on 2xx, releases it otherwise (so a retry is processed), and stops
       * renewing the claim (a commit: once it is written, so a slow or retried commit never lets
       * a copy in). Idempotent: the first call wins. Never rejects: resolves to the replay
       * store's error, if it failed, for `onError`.
       */
      settle(status: number): Promise<WebhookError | undefined>
    }
  | { readonly ok: false; readonly rejection: Rejection }

/** A request, or a function that reads one (an adapter's body reading may fail: it throws then). */
export type RequestSource = WebhookRequest | (() => WebhookRequest | Promise<WebhookRequest>)

export interface HandleOptions<T> {
  /** The HTTP status the handler's result stands for: 2xx commits, anything else releases. */
  status(value: T): number
  /**
   * Every failure: rejected webhooks, configuration mistakes, replay-store failures while
   * settling. Without it, configuration mistakes are written to the console once.
   */
  onError?: ((error: WebhookError) => void) | undefined
}

/** `Verifier.handle`'s answer: the handler's value, or the response to send instead. */
export type Handled<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection }

export interface Verifier {
  readonly check: Check
  /**
   * Verifies a request. With a replay store, a verified delivery is recorded as processed at once
   * (at most once: if your handling then fails, the sender's retry is `ERR_WEBHOOK_REPLAYED`).
   * Where handling can fail, use `handle`, `receive` + `settle`, or an adapter: they record a
   * delivery only once the handler succeeded. Never throws for a bad webhook; throws
   * `WebhookConfigError` for a developer mistake.
   */
  verify(request: WebhookRequest): Promise<VerifyResult>
  /**
   * Verifies and claims the delivery, without recording it until `settle`. Answers endpoint
   * handshakes. Never throws: every failure comes back as the `Rejection` to send.
   */
  receive(request: RequestSource): Promise<Reception>
  /**
   * The whole lifecycle, as adapters use it: `receive`, run `handler` while the claim is renewed,
   * then commit (2xx) or release. A throwing handler releases the claim and the error is rethrown.
   * A client that hangs up settles nothing: only the handler's outcome does.
   */
  handle<T>(
    request: RequestSource,
    handler: (webhook: VerifiedWebhook) => T | Promise<T>,
    options: HandleOptions<T>,
  ): Promise<Handled<T>>
}

/** True for a `Verifier` (as opposed to a `Check`): adapters accept either. */
export function isVerifier(value: Check | Verifier): value is Verifier {
  return 'check' in value && typeof (value as Verifier).verify === 'function'
}

/** A `Verifier` as given, or one built from a `Check` (adapters take either). */
export function toVerifier(value: Check | Verifier, what: string): Verifier {
  if (typeof value !== 'object' || value === null)
    throw new WebhookConfigError(`${what}: a verifier or a check is required as the first argument`)
  return isVerifier(value) ? value : createVerifier(value)
}

type Failed = { readonly ok: false; readonly error: WebhookVerificationError }

type Authenticated =
  | { readonly ok: true; readonly result: CheckResult & { ok: true }; readonly webhook: Webhook }
  | Failed

// example prelude: declare const req: Request
// declare const rawBytes: Uint8Array
// declare function respond(rejection: Rejection): void
/**
 * Builds a reusable verifier. Options are validated here, once; bad ones throw `WebhookConfigError`.
 *
 * @example
 * const check = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * const verifier = createVerifier(check, { replay: memoryReplayStore() })
 * const reception = await verifier.receive({ headers: req.headers, body: rawBytes })
 * if (!reception.ok) respond(reception.rejection)
 */
export function createVerifier(check: Check, options: VerifierOptions = {}): Verifier {
  if (typeof check?.verify !== 'function')
    throw new WebhookConfigError('createVerifier: a check is required')
  if (typeof options !== 'object' || options === null)
    throw new WebhookConfigError('createVerifier: options must be an object')
  assertKnownOptions(options, OPTION_NAMES, 'createVerifier')
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
  const duplicates = options.duplicates ?? 'acknowledge'
  if (duplicates !== 'acknowledge' && duplicates !== 'reject')
    throw new WebhookConfigError("createVerifier: duplicates must be 'acknowledge' or 'reject'")
  const replay = replayPolicy(options, tolerance ?? check.tolerance, clock)
  // Undefined without listeners: the hot path then neither times nor builds events.
  const emitter = createEmitter(options.events, check.name)

  const context = (): CheckContext => new VerifyContext(clock, tolerance, replay !== undefined)

  const parse = (request: WebhookRequest): ParsedWebhookRequest | WebhookVerificationError => {
    const parsed = parseWebhookRequest(request)
    return parsed.body.length > maxBodyBytes
      ? new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')
      : parsed
  }

  /**
   * Runs the check, then `done` on its result. Synchronous when the check is (node:crypto HMAC):
   * no promise and no closure is made on that path.
   */
  const authenticate = <T>(
    parsed: ParsedWebhookRequest,
    done: (parsed: ParsedWebhookRequest, name: string, result: CheckResult) => T,
  ): T | Failed | Promise<T | Failed> => {
    let result: CheckResult | Promise<CheckResult>
    try {
      result = check.verify(parsed, context())
    } catch (error) {
      return unreadable(parsed, error)
    }
    return isPromise(result)
      ? result.then(
          (r) => done(parsed, check.name, r),
          (error: unknown) => unreadable(parsed, error),
        )
      : done(parsed, check.name, result)
  }

  /** Records a verified delivery at once (`verify` with a store). */
  const record = async (authenticated: Authenticated): Promise<VerifyResult> => {
    if (!authenticated.ok) return authenticated
    const claimed = await claim(
      replay,
      authenticated.result.replayKey,
      authenticated.result.expiresAt,
    )
    if (!claimed.ok) return claimed
    // Claimed but not recorded (the store went away in between): fail closed like an unreachable
    // store. The claim lapses after inFlightTtl, so the sender's retry gets through.
    const error = await claimed.record()
    return error ? { ok: false, error } : { ok: true, webhook: authenticated.webhook }
  }

  const reject = (
    start: number,
    failure: unknown,
    extraHeaders?: Readonly<Record<string, string>>,
  ): Reception => {
    const rejection = toRejection(failure, extraHeaders)
    emitter?.rejected(start, rejection.error)
    return { ok: false, rejection }
  }

  const receive = async (source: RequestSource): Promise<Reception> => {
    const start = emitter === undefined ? 0 : emitter.start()
    try {
      const parsed = parse(typeof source === 'function' ? await source() : source)
      if (parsed instanceof WebhookVerificationError) return reject(start, parsed)
      if (check.handshake !== undefined) {
        const handshake = await Promise.resolve(check.handshake(parsed, context())).catch(
          (error: unknown) => {
            if (hasUnreadableHeaders(parsed))
              return { ok: false as const, error: malformedHeaders() }
            throw error
          },
        )
        if (handshake !== undefined) {
          if (!handshake.ok) return reject(start, handshake.error)
          emitter?.handshake(start, handshake.response)
          return { ok: false, rejection: answer(handshake.response) }
        }
      }
      // Awaited only when the check or the store is asynchronous: each await is a tick.
      const checked = authenticate(parsed, toAuthenticated)
      const authenticated = isPromise(checked) ? await checked : checked
      if (!authenticated.ok) return reject(start, authenticated.error)
      const { result, webhook } = authenticated
      const claimed =
        replay === undefined ? UNCLAIMED : await claim(replay, result.replayKey, result.expiresAt)
      if (claimed.ok) {
        emitter?.verified(start, webhook)
        return { ok: true, webhook, settle: claimed.settle }
      }
      // Authentic, already processed: acknowledged, so not a rejection (nothing for onError).
      if (claimed.duplicate === 'processed' && duplicates === 'acknowledge') {
        emitter?.verified(start, webhook, true)
        return { ok: false, rejection: DUPLICATE_ANSWER }
      }
      // In flight elsewhere: the sender should come back once the first attempt has settled.
      const retryAfter = claimed.duplicate === 'in-flight' ? { 'retry-after': '5' } : undefined
      return reject(start, claimed.error, retryAfter)
    } catch (error) {
      return reject(start, error)
    }
  }

  const verifyOnce = (request: WebhookRequest): Promise<VerifyResult> => {
    try {
      const parsed = parse(request)
      if (parsed instanceof WebhookVerificationError)
        return Promise.resolve({ ok: false, error: parsed })
      if (replay === undefined) {
        // Nothing to claim: one resolved promise, no ticks, straight to the public result.
        const verified = authenticate(parsed, toVerifyResult)
        return isPromise(verified) ? verified : Promise.resolve(verified)
      }
      const authenticated = authenticate(parsed, toAuthenticated)
      return isPromise(authenticated) ? authenticated.then(record) : record(authenticated)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  return {
    check,
    verify(request) {
      if (emitter === undefined) return verifyOnce(request)
      const start = emitter.start()
      return verifyOnce(request).then(
        (result) => {
          if (result.ok) emitter.verified(start, result.webhook)
          else emitter.rejected(start, result.error)
          return result
        },
        (error: unknown) => {
          // A configuration mistake still throws; it is reported as the 500 it would answer.
          emitter.rejected(start, toRejection(error).error)
          throw error
        },
      )
    },
    receive,
    async handle(request, handler, { status, onError }) {
      const report = (error: WebhookError | undefined) => {
        if (error === undefined) return
        if (onError !== undefined) onError(error)
        else if (isConfigMistake(error)) warnOnce(error)
      }
      const reception = await receive(request)
      if (!reception.ok) {
        report(reception.rejection.error)
        return reception
      }
      let value: Awaited<ReturnType<typeof handler>>
      let code: number
      try {
        value = await handler(reception.webhook)
        code = status(value)
      } catch (error) {
        report(await reception.settle(500))
        throw error
      }
      report(await reception.settle(code))
      return { ok: true, value }
    },
  }
}

/**
 * The check's context. `now` is read from the clock on first use, and then fixed for the request:
 * a check that needs no time (HMAC over the body, keys without a validity window) never calls it.
 */
class VerifyContext implements CheckContext {
  private time: number | undefined
  constructor(
    private readonly clock: () => number,
    readonly tolerance: number | undefined,
    readonly replay: boolean,
  ) {}

  get now(): number {
    if (this.time === undefined) {
      const clock = this.clock // called as a plain function, as before
      this.time = clock()
    }
    return this.time
  }
}

/** The check's verdict, unless reading the headers threw (then the check never saw them). */
function toAuthenticated(
  parsed: ParsedWebhookRequest,
  name: string,
  result: CheckResult,
): Authenticated {
  if (hasUnreadableHeaders(parsed)) return { ok: false, error: malformedHeaders() }
  // An explicit object, not `{ ...result }`: V8 clones such results slowly (about 1 µs a call).
  return result.ok ? { ok: true, result, webhook: new Webhook(parsed.body, name, result) } : result
}

/** `toAuthenticated` for `verify` without a store: the public result, without the check's. */
function toVerifyResult(
  parsed: ParsedWebhookRequest,
  name: string,
  result: CheckResult,
): VerifyResult {
  if (hasUnreadableHeaders(parsed)) return { ok: false, error: malformedHeaders() }
  return result.ok ? { ok: true, webhook: new Webhook(parsed.body, name, result) } : result
}

/** Headers that threw when read: a rejection, never a throw, whatever the check made of it. */
function unreadable(parsed: ParsedWebhookRequest, error: unknown): Failed {
  if (hasUnreadableHeaders(parsed)) return { ok: false, error: malformedHeaders() }
  throw error
}

/**
 * Headers that throw when read (a hostile getter or proxy) are the sender's problem, not a config
 * mistake: answered like any unparseable signature header, 400.
 */
function malformedHeaders(): WebhookVerificationError {
  return new WebhookVerificationError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
}

function answer(response: HandshakeResponse): Rejection {
  return { status: response.status, headers: response.headers, body: response.body }
}

function replayPolicy(
  options: VerifierOptions,
  tolerance: number | undefined,
  clock: () => number,
): ReplayPolicy | undefined {
  // Validated with or without a store, so a typo fails before the store is switched on.
  const ttl = parseDuration(options.replayTtl ?? '24h', 'createVerifier replayTtl')
  const inFlightTtl = parseDuration(options.inFlightTtl ?? '1m', 'createVerifier inFlightTtl')
  if (ttl < 1 || inFlightTtl < 1)
    throw new WebhookConfigError('createVerifier: replay TTLs must be positive')
  if (options.replay === undefined) return undefined
  const store = options.replay as ReplayStore & { [USE_CLOCK]?: (clock: () => number) => void }
  if (
    typeof store?.reserve !== 'function' ||
    typeof store.renew !== 'function' ||
    typeof store.commit !== 'function' ||
    typeof store.release !== 'function'
  ) {
    throw new WebhookConfigError(
      'createVerifier: replay must be a ReplayStore (reserve, renew, commit, release)',
    )
  }
  // A replay is accepted again once forgotten: remember it for as long as its timestamp passes,
  // which is up to twice the tolerance (a timestamp from the future, replayed once it is past).
  if (tolerance !== undefined && tolerance > 0 && ttl < 2 * tolerance * 1000) {
    throw new WebhookConfigError(
      `createVerifier: replayTtl must be at least twice the tolerance (${2 * tolerance} s here)`,
    )
  }
  if (options.clock !== undefined) store[USE_CLOCK]?.(clock)
  return { store, ttl, inFlightTtl, clock }
}

// example prelude: declare const headers: Headers
// declare const body: Uint8Array
/**
 * One-shot verification. Prefer `createVerifier` on a hot path: it validates options once.
 *
 * @example
 * const check = presets.stripe({ secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? '' })
 * const result = await verifyWebhook({ headers, body }, check)
 */
export function verifyWebhook(
  request: WebhookRequest,
  check: Check,
  options?: VerifierOptions,
): Promise<VerifyResult> {
  return createVerifier(check, options).verify(request)
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}
