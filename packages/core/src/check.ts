/**
 * The `Check` contract: what every built-in check, combinator and preset implements.
 */
import type { WebhookVerificationError } from './errors.js'
import type { Inspection } from './lib/inspection.js'
import { signatureInspection, signatureSigner, type SignatureParts } from './lib/signature-parts.js'
import type { ParsedWebhookRequest } from './request.js'
import type { KeyStatus } from './secrets.js'

/** Per-verification facts a check needs: the time and any verifier-level tolerance override. */
export interface CheckContext {
  /** Milliseconds since the epoch, from the verifier's clock. */
  readonly now: number
  /** Seconds; overrides the check's own tolerance when set (`0` disables the timestamp check). */
  readonly tolerance: number | undefined
  /** Whether a replay store will use `replayKey`; without one, checks skip deriving it. */
  readonly replay?: boolean | undefined
}

export interface CheckSuccess {
  readonly ok: true
  /** The `id` of the secret or key that matched, when it has one. */
  readonly keyId?: string | undefined
  /** Its position in the configured list: `VerifiedWebhook.keyId` when it has no `id`. */
  readonly keyPosition?: string | undefined
  /** `'previous'` when a newer valid secret or key exists (the sender has not rolled yet). */
  readonly keyStatus?: KeyStatus | undefined
  /** Delivery id, where the scheme has one. */
  readonly id?: string | undefined
  /** Signed timestamp in ms since the epoch, where the scheme has one. */
  readonly timestamp?: number | undefined
  /** Derived from signed material only; what the replay store remembers. */
  readonly replayKey?: string | undefined
  /**
   * ms since the epoch after which this delivery's timestamp is outside the tolerance, so a
   * replay would be rejected anyway and the replay store may forget it. Unset: no timestamp check.
   */
  readonly expiresAt?: number | undefined
}

/** What an endpoint handshake answers (Slack `url_verification`, Meta's `hub.challenge`, ...). */
export interface HandshakeResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * A check's answer to a possible handshake: `undefined` for an ordinary delivery (verify it as
 * usual), the response to send, or the error when a signed handshake failed its signature.
 */
export type HandshakeResult =
  | undefined
  | { readonly ok: true; readonly response: HandshakeResponse }
  | { readonly ok: false; readonly error: WebhookVerificationError }

export type CheckResult =
  CheckSuccess | { readonly ok: false; readonly error: WebhookVerificationError }

/** One way of authenticating a webhook (a signature, basic auth, an API key) or a combination. */
export interface Check {
  /** Reported as `webhook.check`: `'hmac'`, `'basicAuth'`, or a preset name such as `'stripe'`. */
  readonly name: string
  /** Never throws for a bad request: failures come back as `{ ok: false, error }`. */
  verify(request: ParsedWebhookRequest, context: CheckContext): CheckResult | Promise<CheckResult>
  /**
   * Seconds of timestamp tolerance the check applies when the verifier sets none; unset for
   * schemes without a signed timestamp. The verifier checks `replayTtl` against it.
   */
  readonly tolerance?: number | undefined
  /**
   * Endpoint handshakes the sender performs before (or between) deliveries. Runs before `verify`;
   * a handshake is never a delivery: no replay claim, the handler does not run.
   */
  handshake?(
    request: ParsedWebhookRequest,
    context: CheckContext,
  ): HandshakeResult | Promise<HandshakeResult>
}

/** What `signRequest` passes to a check's signer. */
export interface SignInput {
  readonly body: Uint8Array
  /** ms since the epoch. */
  readonly timestamp: number
  readonly id: string
  readonly method: string
  readonly url: string | undefined
  readonly privateKey?: unknown
}

export type Signer = (input: SignInput) => Promise<Record<string, string>>

/** Where a check keeps its signer for `@hookwarden/core/testing` (global symbol: ESM and CJS builds share it). */
export const SIGN: unique symbol = Symbol.for('hookwarden.sign') as never

export type SignableCheck = Check & { readonly [SIGN]?: Signer }

/** Attaches a signer without making it part of the enumerable, public shape. */
export function withSigner<C extends Check>(check: C, signer: Signer): C {
  Object.defineProperty(check, SIGN, { value: signer })
  return check
}

/**
 * The signer `withSigner` attached or, for a signature check, the one its parts make; `undefined`
 * when the check cannot sign. Wrappers forward signers through this, never through `[SIGN]`.
 */
export function signerOf(check: Check): Signer | undefined {
  const signer = (check as SignableCheck)[SIGN]
  if (signer !== undefined) return signer
  const attached = attachedTo(check)
  return attached?.kind === 'signature-parts' ? signatureSigner(attached) : undefined
}

/** Where a check keeps its descriptor for `diagnose` (global symbol, like `SIGN`). */
export const INSPECT: unique symbol = Symbol.for('hookwarden.inspect') as never

type Inspectable = Inspection | SignatureParts

/**
 * Attaches a descriptor for `diagnose` (or a signature check's parts, see `SignatureParts`) at
 * construction: verification never reads it.
 */
export function withInspection<C extends Check>(check: C, inspection: Inspectable | undefined): C {
  if (inspection !== undefined) Object.defineProperty(check, INSPECT, { value: inspection })
  return check
}

function attachedTo(check: Check): Inspectable | undefined {
  return (check as Check & { readonly [INSPECT]?: Inspectable })[INSPECT]
}

/** The descriptor `withInspection` attached (built from a signature check's parts), if any. */
export function inspectionOf(check: Check): Inspection | undefined {
  const attached = attachedTo(check)
  return attached?.kind === 'signature-parts' ? signatureInspection(attached) : attached
}

/** A copy of `check` reporting `name` (presets name their composed checks). */
export function renamed(check: Check, name: string): Check {
  const copy: Check = {
    name,
    tolerance: check.tolerance,
    verify: (request, context) => check.verify(request, context),
    ...(check.handshake && { handshake: check.handshake.bind(check) }),
  }
  // The parts as attached (not built): a renamed signature check signs and inspects as its own.
  const signer = (check as SignableCheck)[SIGN]
  return withInspection(signer === undefined ? copy : withSigner(copy, signer), attachedTo(check))
}
