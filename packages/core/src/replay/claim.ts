/**
 * The delivery claim, once for every adapter: reserve before the handler runs, renew while it runs,
 * commit when it answered 2xx, release otherwise so the sender's retry is processed.
 */
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'
import type { ReplayStore } from './store.js'

export interface ReplayPolicy {
  readonly store: ReplayStore
  /** How long a processed delivery is remembered at most (ms). */
  readonly ttl: number
  /** How long a claim outlives its last renewal, i.e. a crashed handler blocks retries (ms). */
  readonly inFlightTtl: number
  readonly clock: () => number
}

/** Settles a claim; resolves to the store's failure, if any, and never rejects. */
export type Settle = (status: number) => Promise<WebhookVerificationError | undefined>

export type Claim =
  | {
      readonly ok: true
      readonly settle: Settle
      /**
       * Commits at once for `verify`, whose caller answers the sender from the result: a commit
       * that fails is NOT retried (the caller reports 503 and the sender retries; a late commit
       * would then turn that retry into a replay, losing the delivery). The claim lapses instead.
       */
      readonly record: () => Promise<WebhookVerificationError | undefined>
    }
  | {
      readonly ok: false
      readonly error: WebhookVerificationError
      readonly duplicate?: 'in-flight' | 'processed'
    }

/** Clock skew between instances sharing a store that a timestamped delivery's retention allows for. */
const SKEW_MS = 60_000
/** A failed commit or release is tried again this many times, waiting 0.25 s, 0.5 s, 1 s, ... */
const RETRIES = 8

/** Settled once for every request without a store: nothing to write, no promise per call. */
const SETTLED: Promise<undefined> = Promise.resolve(undefined)
const NO_OP: Settle = () => SETTLED

/** The claim without a replay store: nothing reserved, nothing to settle. */
export const UNCLAIMED: Claim = { ok: true, settle: NO_OP, record: () => SETTLED }

/** Random per process (drawn on first use: some runtimes refuse randomness at module load). */
let tokenPrefix: string | undefined
let tokenCount = 0

/**
 * A claim's owner: unique across instances (96 random bits) and within one (a counter), for a few
 * nanoseconds instead of the microseconds of fresh random bytes per claim. Tokens tell owners
 * apart and are no secret: no request carries one, and whoever reads the store sees them anyway.
 */
function newToken(): string {
  tokenPrefix ??= Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
  return tokenPrefix + (tokenCount++).toString(36)
}

const unavailable = (cause: unknown) =>
  new WebhookVerificationError('ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE', { cause })

/** A timer that does not keep a Node process alive (a no-op elsewhere). */
function background<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}

/** Tries `write` again in the background until it succeeds or the retries run out, then `done`. */
function retry(write: () => Promise<unknown>, done: () => void, attempt = 0): void {
  if (attempt >= RETRIES) return done()
  background(
    setTimeout(
      () => {
        write().then(done, () => retry(write, done, attempt + 1))
      },
      250 * 2 ** attempt,
    ),
  )
}

/**
 * Claims `key` and keeps the claim alive until it is settled. `expiresAt` (from a timestamped
 * check) shortens how long a processed delivery is remembered: once its timestamp is out of
 * tolerance a replay fails anyway.
 */
export async function claim(
  policy: ReplayPolicy | undefined,
  key: string | undefined,
  expiresAt: number | undefined,
): Promise<Claim> {
  if (policy === undefined) return UNCLAIMED
  if (key === undefined) {
    throw new WebhookConfigError(
      'replay protection needs a check that signs its deliveries (a signature check, not only credentials)',
    )
  }
  const { store, inFlightTtl, clock } = policy
  const token = newToken()
  let outcome
  try {
    outcome = await store.reserve(key, token, inFlightTtl)
  } catch (cause) {
    return { ok: false, error: unavailable(cause) }
  }
  if (outcome !== 'reserved') {
    return {
      ok: false,
      error: new WebhookVerificationError('ERR_WEBHOOK_REPLAYED'),
      duplicate: outcome,
    }
  }

  // Renew well before the claim lapses, so a slow handler never lets a duplicate in beside it.
  let lost: unknown
  let settling = false
  const renewal = background(
    setInterval(
      () => {
        store.renew(key, token, inFlightTtl).then(
          // Once settling, a claim that is no longer held is the commit or release landing.
          (held) => {
            if (!held && !settling) lost ??= new Error('the claim lapsed while the handler ran')
          },
          (cause: unknown) => void (settling || (lost ??= cause)),
        )
      },
      Math.max(1, Math.floor(inFlightTtl / 3)),
    ),
  )

  let settled: Promise<WebhookVerificationError | undefined> | undefined
  /** `retrying`: a failed write is tried again in the background (the answer already stands). */
  const finish = (status: number, retrying: boolean) => {
    if (settled !== undefined) return settled.then(() => undefined) // the first call wins
    settling = true
    const ok = status >= 200 && status < 300
    const stop = () => clearInterval(renewal)
    // A release may as well lapse: stop renewing now. A commit must land while the claim still
    // blocks copies, however slow or retried the write: keep renewing until it is written.
    if (!ok) stop()
    const retention =
      expiresAt === undefined
        ? policy.ttl
        : Math.min(policy.ttl, Math.max(1, expiresAt - clock() + SKEW_MS))
    const write = ok ? () => store.commit(key, token, retention) : () => store.release(key, token)
    settled = write().then(
      () => {
        stop()
        return lost === undefined ? undefined : unavailable(lost)
      },
      (cause: unknown) => {
        // Answer as the handler did (a 2xx stays a 2xx: a retry would run the handler again) and
        // keep trying while the claim still blocks duplicates.
        if (retrying) retry(write, stop)
        else stop()
        return unavailable(cause)
      },
    )
    return settled
  }
  return {
    ok: true,
    settle: (status) => finish(status, true),
    record: () => finish(200, false),
  }
}
