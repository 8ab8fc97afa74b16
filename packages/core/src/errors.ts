/**
 * Error codes, their HTTP statuses (the one table adapters read) and the two error families.
 */

/** Every code hookwarden produces, with the HTTP status an adapter answers with. */
export const ERROR_STATUS = {
  ERR_WEBHOOK_CREDENTIALS_MISSING: 401,
  ERR_WEBHOOK_CREDENTIALS_INVALID: 401,
  ERR_WEBHOOK_SIGNATURE_MISSING: 401,
  ERR_WEBHOOK_SIGNATURE_MALFORMED: 400,
  ERR_WEBHOOK_SIGNATURE_MISMATCH: 401,
  ERR_WEBHOOK_TIMESTAMP_MISSING: 401,
  ERR_WEBHOOK_TIMESTAMP_INVALID: 400,
  ERR_WEBHOOK_TIMESTAMP_TOO_OLD: 401,
  ERR_WEBHOOK_TIMESTAMP_TOO_NEW: 401,
  ERR_WEBHOOK_REPLAYED: 409,
  ERR_WEBHOOK_BODY_TOO_LARGE: 413,
  ERR_WEBHOOK_BODY_TIMEOUT: 408,
  ERR_WEBHOOK_BODY_ABORTED: 400,
  ERR_WEBHOOK_BODY_UNAVAILABLE: 500,
  ERR_WEBHOOK_KEY_UNAVAILABLE: 503,
  ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE: 503,
  ERR_WEBHOOK_CONFIG_INVALID: 500,
} as const satisfies Record<string, number>

export type WebhookErrorCode = keyof typeof ERROR_STATUS

/** Codes a bad or hostile request can produce (returned in results, never thrown). */
export type VerificationErrorCode = Exclude<WebhookErrorCode, 'ERR_WEBHOOK_CONFIG_INVALID'>

/** Codes a developer mistake can produce (thrown). */
export type ConfigErrorCode = 'ERR_WEBHOOK_CONFIG_INVALID' | 'ERR_WEBHOOK_BODY_UNAVAILABLE'

// Fixed messages: nothing from the request or the options is ever interpolated.
const MESSAGES: Record<VerificationErrorCode, string> = {
  ERR_WEBHOOK_CREDENTIALS_MISSING: 'webhook credentials missing',
  ERR_WEBHOOK_CREDENTIALS_INVALID: 'webhook credentials invalid',
  ERR_WEBHOOK_SIGNATURE_MISSING: 'webhook signature header missing',
  ERR_WEBHOOK_SIGNATURE_MALFORMED: 'webhook signature header malformed',
  ERR_WEBHOOK_SIGNATURE_MISMATCH: 'no webhook signature matched a valid key',
  ERR_WEBHOOK_TIMESTAMP_MISSING: 'webhook timestamp missing',
  ERR_WEBHOOK_TIMESTAMP_INVALID: 'webhook timestamp invalid',
  ERR_WEBHOOK_TIMESTAMP_TOO_OLD: 'webhook timestamp too old',
  ERR_WEBHOOK_TIMESTAMP_TOO_NEW: 'webhook timestamp too far in the future',
  ERR_WEBHOOK_REPLAYED: 'webhook delivery already received',
  ERR_WEBHOOK_BODY_TOO_LARGE: 'webhook body too large',
  ERR_WEBHOOK_BODY_TIMEOUT: 'webhook body not received in time',
  ERR_WEBHOOK_BODY_ABORTED: 'webhook body aborted by the client',
  ERR_WEBHOOK_BODY_UNAVAILABLE: 'webhook raw body unavailable',
  ERR_WEBHOOK_KEY_UNAVAILABLE: 'webhook verification key unavailable',
  ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE: 'webhook replay store unavailable',
}

/** `Error` where V8's `stackTraceLimit` is honoured: Node, workerd, Deno, and Bun too. */
const V8Error = Error as { stackTraceLimit?: unknown }

/**
 * Turns stack capture off until the caller restores the limit it returns; does nothing (and
 * returns `undefined`) where the engine has no such limit or `Error` is frozen.
 */
function noStackTraces(): unknown {
  const limit = V8Error.stackTraceLimit
  if (typeof limit !== 'number') return undefined
  try {
    V8Error.stackTraceLimit = 0
    return limit
  } catch {
    return undefined
  }
}

/** Base class: a stable `code` and the HTTP `status` that goes with it. */
export class WebhookError extends Error {
  readonly code: WebhookErrorCode
  readonly status: number

  constructor(code: WebhookErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.status = ERROR_STATUS[code]
  }
}

/**
 * A webhook failed verification. Returned in `VerifyResult`, never thrown; the message is fixed
 * and carries no request data.
 */
export class WebhookVerificationError extends WebhookError {
  declare readonly code: VerificationErrorCode
  /** `WWW-Authenticate` challenge an adapter should send, set by `basicAuth`. */
  readonly challenge: string | undefined

  constructor(code: VerificationErrorCode, options?: { cause?: unknown; challenge?: string }) {
    // No stack trace: this error describes the request, not the program, and is returned, never
    // thrown. Capturing one cost about 3 µs per rejection (more under a deep framework stack),
    // and rejections are the traffic a hostile sender controls.
    const limit = noStackTraces()
    try {
      super(code, MESSAGES[code], options)
    } finally {
      if (limit !== undefined) V8Error.stackTraceLimit = limit
    }
    this.challenge = options?.challenge
  }
}

/**
 * A developer mistake: bad options (thrown by factories) or a raw body that a parser already
 * consumed (thrown on first use). The message says how to fix it and never holds a secret.
 */
export class WebhookConfigError extends WebhookError {
  declare readonly code: ConfigErrorCode

  constructor(message: string, code: ConfigErrorCode = 'ERR_WEBHOOK_CONFIG_INVALID') {
    super(code, message)
  }
}

/** Narrowing helper for `catch` blocks and `onError` hooks. */
export function isWebhookError(error: unknown): error is WebhookError {
  return error instanceof WebhookError
}
