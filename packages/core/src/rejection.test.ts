import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Check } from './check.js'
import {
  ERROR_STATUS,
  WebhookConfigError,
  WebhookError,
  WebhookVerificationError,
  type VerificationErrorCode,
} from './errors.js'
import { createVerifier, ecdsa, hmac, jws, type ReplayStore } from './index.js'
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

describe('every 503 asks the sender to retry later (Retry-After)', () => {
  const unavailable = Object.entries(ERROR_STATUS)
    .filter(([, status]) => status === 503)
    .map(([code]) => code as VerificationErrorCode)

  it.each(unavailable)('toRejection(%s) carries Retry-After', (code) => {
    expect(unavailable.length).toBeGreaterThanOrEqual(2)
    const rejection = toRejection(new WebhookVerificationError(code))
    expect(rejection.status).toBe(503)
    expect(rejection.headers['retry-after']).toBe('30')
  })

  const SECRET = 'retry-secret'
  const BODY = '{"a":1}'
  const signedHmac = {
    headers: { 'x-sig': createHmac('sha256', SECRET).update(BODY).digest('hex') },
    body: BODY,
  }
  const down = () => Promise.reject(new Error('store unreachable'))
  const storeDown: ReplayStore = { reserve: down, renew: down, commit: down, release: down }
  const resolverDown = () => Promise.reject(new Error('key service unreachable'))
  // Any well-formed signature (and, for the JWS, the body's hash): the key lookup fails first.
  const derSignature = Buffer.from(
    '3044022001' + '00'.repeat(31) + '022001' + '00'.repeat(31),
    'hex',
  ).toString('base64')

  const paths: [
    string,
    Check,
    { replay?: ReplayStore },
    { headers: Record<string, string>; body: string },
  ][] = [
    [
      'replay store down',
      hmac({ header: 'x-sig', encoding: 'hex', secrets: SECRET }),
      { replay: storeDown },
      signedHmac,
    ],
    [
      'ecdsa key set unavailable',
      ecdsa({
        header: 'x-sig',
        encoding: 'base64',
        keys: resolverDown,
        keyId: { header: 'x-kid' },
      }),
      {},
      { headers: { 'x-sig': derSignature, 'x-kid': 'k1' }, body: BODY },
    ],
    [
      'jws key set unavailable',
      jws({ header: 'x-jws', algorithms: ['ES256'], keys: resolverDown }),
      {},
      {
        headers: {
          'x-jws': [
            Buffer.from('{"alg":"ES256","kid":"k1"}').toString('base64url'),
            Buffer.from(
              JSON.stringify({
                iat: Math.floor(Date.now() / 1000),
                request_body_sha256: createHash('sha256').update(BODY).digest('hex'),
              }),
            ).toString('base64url'),
            Buffer.alloc(64, 1).toString('base64url'),
          ].join('.'),
        },
        body: BODY,
      },
    ],
  ]

  it.each(paths)(
    '%s: receive and handle answer 503 with Retry-After',
    async (_, check, options, request) => {
      const verifier = createVerifier(check, options)
      const reception = await verifier.receive(request)
      const handled = await verifier.handle(request, () => 'never', {
        status: () => 204,
        onError: () => undefined,
      })
      for (const answer of [reception, handled]) {
        expect(answer.ok).toBe(false)
        if (answer.ok) continue
        expect(answer.rejection.status).toBe(503)
        expect(answer.rejection.headers['retry-after']).toBe('30')
      }
    },
  )
})
