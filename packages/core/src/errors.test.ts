import { describe, expect, it } from 'vitest'
import {
  ERROR_STATUS,
  isWebhookError,
  WebhookConfigError,
  WebhookError,
  WebhookVerificationError,
  type VerificationErrorCode,
} from './errors.js'

// The table in API.md, copied here so a change to either side is caught.
const API_TABLE: Record<string, number> = {
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
}

// The fixed messages: nothing from the request is ever in them.
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

describe('errors', () => {
  it('has exactly the codes of the API table, each with its status', () => {
    expect(ERROR_STATUS).toEqual(API_TABLE)
  })

  it.each(Object.entries(MESSAGES) as [VerificationErrorCode, string][])(
    'WebhookVerificationError %s: status, name and fixed message',
    (code, message) => {
      const error = new WebhookVerificationError(code)
      expect(error).toBeInstanceOf(WebhookVerificationError)
      expect(error).toBeInstanceOf(WebhookError)
      expect(error).toBeInstanceOf(Error)
      expect(error.code).toBe(code)
      expect(error.status).toBe(API_TABLE[code])
      expect(error.name).toBe('WebhookVerificationError')
      expect(error.message).toBe(message)
      expect(error.challenge).toBeUndefined()
      expect(isWebhookError(error)).toBe(true)
    },
  )

  it('keeps a cause and a challenge, and nothing else from the request', () => {
    const cause = new Error('inner')
    const error = new WebhookVerificationError('ERR_WEBHOOK_CREDENTIALS_MISSING', {
      cause,
      challenge: 'Basic realm="x"',
    })
    expect(error.cause).toBe(cause)
    expect(error.challenge).toBe('Basic realm="x"')
    expect(Object.keys(error).sort()).toEqual(['challenge', 'code', 'name', 'status'])
  })

  it('WebhookConfigError defaults to ERR_WEBHOOK_CONFIG_INVALID (500) and keeps its hint', () => {
    const error = new WebhookConfigError('hmac: header is required')
    expect(error).toBeInstanceOf(WebhookError)
    expect(error.name).toBe('WebhookConfigError')
    expect(error.code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
    expect(error.status).toBe(500)
    expect(error.message).toBe('hmac: header is required')
    const body = new WebhookConfigError('raw body unavailable', 'ERR_WEBHOOK_BODY_UNAVAILABLE')
    expect(body.code).toBe('ERR_WEBHOOK_BODY_UNAVAILABLE')
    expect(body.status).toBe(500)
  })

  it('a verification error captures no stack (a hostile sender controls how many are made); a config error keeps its own', () => {
    const before = Error.stackTraceLimit
    const rejected = new WebhookVerificationError('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect(Error.stackTraceLimit).toBe(before)
    expect(rejected.stack).toBe(
      'WebhookVerificationError: no webhook signature matched a valid key',
    )
    expect(new WebhookConfigError('hmac: header is required').stack).toMatch(/\n\s+at /)
    expect(new Error('x').stack).toMatch(/\n\s+at /)
  })

  it('a subclass reports its own name', () => {
    class CustomError extends WebhookError {}
    expect(new CustomError('ERR_WEBHOOK_REPLAYED', 'm').name).toBe('CustomError')
  })

  it.each([
    new Error('x'),
    { code: 'ERR_WEBHOOK_REPLAYED', status: 409 },
    undefined,
    'ERR_WEBHOOK_REPLAYED',
  ])('isWebhookError(%s) is false', (value) => {
    expect(isWebhookError(value)).toBe(false)
  })
})
