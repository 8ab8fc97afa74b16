/**
 * `VerifiedWebhook`: what a handler receives once a request passed its check.
 */
import type { CheckSuccess } from './check.js'
import { decodeUtf8 } from './lib/encoding.js'
import type { KeyStatus } from './secrets.js'

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
  /**
   * The secret or key that matched: its `id`, else its position in the configured list (`'0'`,
   * `'1'`, ...). Unset only for a custom check that reports none.
   */
  readonly keyId?: string | undefined
  /**
   * `'previous'` when a newer valid secret or key exists: the sender still signs with the old one.
   * Unset only for a custom check that reports none.
   */
  readonly keyStatus?: KeyStatus | undefined
  /** Delivery id, where the scheme signs one. */
  readonly id?: string | undefined
  /** Signed timestamp, where the scheme has one. */
  readonly timestamp?: Date | undefined
}

export class Webhook implements VerifiedWebhook {
  readonly keyId: string | undefined
  readonly keyStatus: KeyStatus | undefined
  readonly id: string | undefined
  readonly timestamp: Date | undefined

  constructor(
    readonly body: Uint8Array,
    readonly check: string,
    success: CheckSuccess,
  ) {
    this.keyId = success.keyId ?? success.keyPosition
    this.keyStatus = success.keyStatus
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
