/**
 * Verification events: what a verifier tells metrics and tracing about each verification, without
 * a secret, signature, header value or body byte in any of them.
 */
import type { HandshakeResponse } from './check.js'
import { WebhookConfigError, type WebhookError, type WebhookErrorCode } from './errors.js'
import { assertKnownOptions } from './lib/options.js'
import type { KeyStatus } from './secrets.js'
import type { VerifiedWebhook } from './webhook.js'

/** A webhook passed its check (and, with a replay store, was not a replay). */
export interface VerifiedEvent {
  /** The check or preset that accepted it, e.g. `'stripe'`. */
  readonly check: string
  /** The matched secret or key: its `id`, else its position in the configured list (`'0'`, ...). */
  readonly keyId: string
  /** `'previous'` when a newer valid secret or key exists: the sender has not rolled yet. */
  readonly keyStatus: KeyStatus
  /** Delivery id, where the scheme signs one. */
  readonly id?: string | undefined
  /** Signed timestamp, where the scheme has one. */
  readonly timestamp?: Date | undefined
  /**
   * Set for a duplicate of a processed delivery that `receive`/`handle` acknowledged with 200
   * (`duplicates: 'acknowledge'`): authentic, but the handler did not run again.
   */
  readonly duplicate?: true | undefined
  /** Milliseconds from the start of the verification to its outcome (`performance.now()`). */
  readonly durationMs: number
}

/** A webhook was turned away (or could not be verified: a configuration mistake, a store down). */
export interface RejectedEvent {
  readonly check: string
  /** The error code, e.g. `'ERR_WEBHOOK_SIGNATURE_MISMATCH'`. */
  readonly code: WebhookErrorCode
  /** The HTTP status the rejection is answered with. */
  readonly status: number
  readonly durationMs: number
}

/** An endpoint handshake (Slack `url_verification`, Meta's `hub.challenge`) was answered. */
export interface HandshakeEvent {
  readonly check: string
  /** The status of the handshake's answer. */
  readonly status: number
  readonly durationMs: number
}

/**
 * Listeners for `createVerifier`'s `events` option. Each is called once per verification, after
 * the outcome is known; what a listener throws or rejects with is ignored, so it can never change
 * the outcome. Without listeners nothing is timed and no event is built.
 */
export interface VerificationEvents {
  verified?: ((event: VerifiedEvent) => unknown) | undefined
  rejected?: ((event: RejectedEvent) => unknown) | undefined
  /** Handshakes are neither verified nor rejected deliveries: they come here only. */
  handshake?: ((event: HandshakeEvent) => unknown) | undefined
}

const EVENT_NAMES = [
  'verified',
  'rejected',
  'handshake',
] as const satisfies readonly (keyof VerificationEvents)[]

/** Calls the listeners, timing from `start`. Built only when at least one listener is set. */
export interface Emitter {
  start(): number
  verified(start: number, webhook: VerifiedWebhook, duplicate?: boolean): void
  rejected(start: number, error: WebhookError): void
  handshake(start: number, response: HandshakeResponse): void
}

/** A listener's failure stays its own: sync throws are caught, rejected promises are swallowed. */
function call<E>(listener: ((event: E) => unknown) | undefined, event: E): void {
  if (listener === undefined) return
  try {
    const returned = listener(event)
    if (typeof (returned as { then?: unknown } | null)?.then === 'function')
      (returned as PromiseLike<unknown>).then(undefined, () => undefined)
  } catch {
    // Ignored on purpose: observing a verification must not change its outcome.
  }
}

/** Validates `events` and returns an emitter, or `undefined` when there is nothing to call. */
export function createEmitter(
  events: VerificationEvents | undefined,
  check: string,
): Emitter | undefined {
  if (events === undefined) return undefined
  if (typeof events !== 'object' || events === null)
    throw new WebhookConfigError('createVerifier: events must be an object of listeners')
  assertKnownOptions(events, EVENT_NAMES, 'createVerifier events')
  for (const name of EVENT_NAMES) {
    if (events[name] !== undefined && typeof events[name] !== 'function')
      throw new WebhookConfigError(`createVerifier: events.${name} must be a function`)
  }
  const { verified, rejected, handshake } = events
  if (verified === undefined && rejected === undefined && handshake === undefined) return undefined
  const since = (start: number) => performance.now() - start
  return {
    start: () => performance.now(),
    verified(start, webhook, duplicate) {
      call(verified, {
        check,
        // A custom check may report no key: it then has exactly one, as far as anyone can tell.
        keyId: webhook.keyId ?? '0',
        keyStatus: webhook.keyStatus ?? 'current',
        id: webhook.id,
        // A copy: a listener must not be able to move the handler's timestamp.
        timestamp: webhook.timestamp && new Date(webhook.timestamp.getTime()),
        ...(duplicate === true && { duplicate: true as const }),
        durationMs: since(start),
      })
    },
    rejected(start, error) {
      call(rejected, { check, code: error.code, status: error.status, durationMs: since(start) })
    },
    handshake(start, response) {
      call(handshake, { check, status: response.status, durationMs: since(start) })
    },
  }
}
