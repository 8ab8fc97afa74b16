/**
 * `createVerifier` and `verifyWebhook`: run a check against a request and return a `VerifyResult`.
 */
import type { Check, CheckSuccess } from './check.js'
import { WebhookConfigError, WebhookVerificationError } from './errors.js'
import { decodeUtf8 } from './lib/encoding.js'
import { validTolerance } from './lib/timestamp.js'
import { parseWebhookRequest, type WebhookRequest } from './request.js'

export interface VerifierOptions {
  /** Seconds; overrides every check's own tolerance. `0` disables timestamp checks. */
  tolerance?: number
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: () => number
  /** Bodies longer than this are rejected with `ERR_WEBHOOK_BODY_TOO_LARGE`. */
  maxBodyBytes?: number
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

export interface Verifier {
  readonly check: Check
  /** Never throws for a bad webhook; throws `WebhookConfigError` for a developer mistake. */
  verify(request: WebhookRequest): Promise<VerifyResult>
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
  if (typeof check?.verify !== 'function') throw new WebhookConfigError('createVerifier: a check is required')
  const tolerance = options.tolerance === undefined ? undefined : validTolerance(options.tolerance, 'createVerifier')
  const clock = options.clock ?? Date.now
  if (typeof clock !== 'function') throw new WebhookConfigError('createVerifier: clock must be a function')
  const maxBodyBytes = options.maxBodyBytes ?? Infinity
  if (typeof maxBodyBytes !== 'number' || !(maxBodyBytes >= 0)) {
    throw new WebhookConfigError('createVerifier: maxBodyBytes must be a number >= 0')
  }

  return {
    check,
    async verify(request) {
      const parsed = parseWebhookRequest(request)
      if (parsed.body.length > maxBodyBytes) {
        return { ok: false, error: new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE') }
      }
      const result = await check.verify(parsed, { now: clock(), tolerance })
      if (!result.ok) return result
      return { ok: true, webhook: new Webhook(parsed.body, check.name, result) }
    },
  }
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
