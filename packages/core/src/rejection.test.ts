import { describe, expect, it } from 'vitest'
import { WebhookConfigError, WebhookError, WebhookVerificationError } from './errors.js'
import { toRejection } from './rejection.js'

describe('toRejection', () => {
  it('sends the code as JSON with the status from the table', () => {
    const rejection = toRejection(new WebhookVerificationError('ERR_WEBHOOK_SIGNATURE_MALFORMED'))
    expect(rejection).toMatchObject({
      status: 400,
      headers: { 'content-type': 'application/json' },
    })
    expect(rejection.body).toBe('{"error":"ERR_WEBHOOK_SIGNATURE_MALFORMED"}')
    expect(rejection.headers).not.toHaveProperty('www-authenticate')
  })

  it('adds WWW-Authenticate when the error carries a challenge', () => {
    const error = new WebhookVerificationError('ERR_WEBHOOK_CREDENTIALS_MISSING', {
      challenge: 'Basic realm="x"',
    })
    expect(toRejection(error).headers).toStrictEqual({
      'content-type': 'application/json',
      'www-authenticate': 'Basic realm="x"',
    })
  })

  it('keeps a config error (and its fix-it message) for onError', () => {
    const error = new WebhookConfigError(
      'raw body unavailable: mount express.raw()',
      'ERR_WEBHOOK_BODY_UNAVAILABLE',
    )
    const rejection = toRejection(error)
    expect(rejection.error).toBe(error)
    expect(rejection).toMatchObject({
      status: 500,
      body: '{"error":"ERR_WEBHOOK_BODY_UNAVAILABLE"}',
    })
  })

  it('turns any other exception into CONFIG_INVALID without leaking it', () => {
    const thrown = new Error('secret detail')
    const rejection = toRejection(thrown)
    expect(rejection.status).toBe(500)
    expect(rejection.body).toBe('{"error":"ERR_WEBHOOK_CONFIG_INVALID"}')
    expect(rejection.error).toBeInstanceOf(WebhookError)
    expect(rejection.error.cause).toBe(thrown)
    expect(toRejection('a string').error.cause).toBe('a string')
  })

  it('recognises a WebhookError from another copy of the core by its code and status', () => {
    class Foreign extends Error {
      code = 'ERR_WEBHOOK_REPLAYED'
      status = 409
    }
    const foreign = new Foreign('webhook delivery already received')
    expect(toRejection(foreign)).toMatchObject({ status: 409, error: foreign })
    const mismatched = Object.assign(new Error('x'), { code: 'ERR_WEBHOOK_REPLAYED', status: 200 })
    expect(toRejection(mismatched).status).toBe(500)
  })
})
