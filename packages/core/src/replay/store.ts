/**
 * The replay-store contract: reserve a delivery before it is processed, then commit it when the
 * handler succeeded or release it when it failed, so a failed delivery's retry is not lost.
 */

/** `reserved`: this caller owns the delivery; `in-flight`: another caller is processing it; `processed`: done before. */
export type ReserveOutcome = 'reserved' | 'in-flight' | 'processed'

/**
 * Where delivery keys are remembered. Implementations must make `reserve` atomic across every
 * instance that shares the store, and `commit`/`release` touch the key only while it still holds
 * the caller's `token` (a slow handler must not settle someone else's reservation).
 * Unreachable stores throw; the verifier turns that into `ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE`.
 */
export interface ReplayStore {
  /** Claims `key` for `ttlMs` unless it is already claimed or processed. */
  reserve(key: string, token: string, ttlMs: number): Promise<ReserveOutcome>
  /** Marks the caller's claim as processed, remembered for `ttlMs`. */
  commit(key: string, token: string, ttlMs: number): Promise<void>
  /** Drops the caller's claim so the sender's retry is processed. */
  release(key: string, token: string): Promise<void>
}
