/**
 * The replay-store contract: claim a delivery before it is processed, keep the claim alive while
 * the handler runs, then commit it when the handler succeeded or release it when it failed, so a
 * failed delivery's retry is not lost and a running one is never run again beside itself.
 */

/** `reserved`: this caller owns the delivery; `in-flight`: another caller is processing it; `processed`: done before. */
export type ReserveOutcome = 'reserved' | 'in-flight' | 'processed'

/**
 * Where delivery keys are remembered. Implementations must make `reserve` atomic across every
 * instance that shares the store, and `renew`, `commit` and `release` touch the key only while it
 * still holds the caller's `token` (a slow handler must not settle someone else's claim).
 * Unreachable stores throw; the verifier turns that into `ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE`.
 * Run `replayStoreCases` from `@hookwarden/core/testing` against your own implementation.
 */
export interface ReplayStore {
  /** Claims `key` for `ttlMs` unless it is already claimed or processed. */
  reserve(key: string, token: string, ttlMs: number): Promise<ReserveOutcome>
  /** Extends the caller's claim to `ttlMs` from now; `false` when the caller no longer holds it. */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>
  /** Marks the caller's claim as processed, remembered for `ttlMs`. */
  commit(key: string, token: string, ttlMs: number): Promise<void>
  /** Drops the caller's claim so the sender's retry is processed. */
  release(key: string, token: string): Promise<void>
}

/**
 * Where a store that keeps time itself takes the verifier's `clock` (global symbol: the ESM and
 * CJS builds share it). Only the memory store does; shared stores use the server's time.
 */
export const USE_CLOCK: unique symbol = Symbol.for('hookwarden.useClock') as never
