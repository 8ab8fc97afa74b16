/**
 * Replay policy, once for every adapter: reserve the delivery before the handler runs, commit it
 * when the handler answered 2xx, release it otherwise so the sender's retry is processed.
 */
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'
import type { ReplayStore } from './store.js'

export interface ReplayPolicy {
  readonly store: ReplayStore
  /** How long a processed delivery is remembered (ms). */
  readonly ttl: number
  /** How long an unfinished reservation blocks duplicates before it lapses (ms). */
  readonly inFlightTtl: number
}

/** Settles a reservation; resolves to the store's failure, if any, and never rejects. */
export type Settle = (status: number) => Promise<WebhookVerificationError | undefined>

export type Reservation =
  | { readonly ok: true; readonly settle: Settle }
  | {
      readonly ok: false
      readonly error: WebhookVerificationError
      readonly duplicate?: 'in-flight' | 'processed'
    }

const NO_OP: Settle = async () => undefined

function newToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
}

/** Reserves `key`; the caller settles the reservation with the handler's HTTP status. */
export async function reserve(
  policy: ReplayPolicy | undefined,
  key: string | undefined,
): Promise<Reservation> {
  if (policy === undefined) return { ok: true, settle: NO_OP }
  if (key === undefined) {
    throw new WebhookConfigError(
      'replay protection needs a check that signs its deliveries (a signature check, not only credentials)',
    )
  }
  const token = newToken()
  let outcome
  try {
    outcome = await policy.store.reserve(key, token, policy.inFlightTtl)
  } catch (cause) {
    return {
      ok: false,
      error: new WebhookVerificationError('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE', { cause }),
    }
  }
  if (outcome !== 'reserved') {
    return {
      ok: false,
      error: new WebhookVerificationError('ERR_WEBHOOK_REPLAYED'),
      duplicate: outcome,
    }
  }
  let settled = false
  return {
    ok: true,
    async settle(status) {
      if (settled) return undefined
      settled = true
      try {
        if (status >= 200 && status < 300) await policy.store.commit(key, token, policy.ttl)
        else await policy.store.release(key, token)
        return undefined
      } catch (cause) {
        // The claim lapses after inFlightTtl, so nothing is lost: at worst a retry waits that long.
        return new WebhookVerificationError('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE', { cause })
      }
    },
  }
}
