import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Check, CheckResult } from './check.js'
import {
  WebhookConfigError,
  WebhookVerificationError,
  type VerificationErrorCode,
} from './errors.js'
import { allOf, anyOf, apiKey, basicAuth, createVerifier, hmac } from './index.js'
import { signRequest } from './testing/index.js'

/** A check that always gives `outcome` and counts its calls. */
function fixed(
  name: string,
  outcome: VerificationErrorCode | { keyId?: string; id?: string; timestamp?: number },
) {
  const check = {
    name,
    calls: 0,
    verify(): CheckResult {
      check.calls++
      return typeof outcome === 'string'
        ? { ok: false, error: new WebhookVerificationError(outcome) }
        : { ok: true, ...outcome }
    },
  }
  return check
}

const run = (check: Check) => createVerifier(check).verify({ headers: {}, body: '' })
const codeOf = async (check: Check) => {
  const result = await run(check)
  return result.ok ? 'ok' : result.error.code
}

describe('allOf', () => {
  it('passes when every check passes, merging the first keyId, id and timestamp', async () => {
    const result = await run(
      allOf(
        fixed('a', {}),
        fixed('b', { keyId: 'k', timestamp: 5 }),
        fixed('c', { keyId: 'k2', id: 'i' }),
      ),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect([result.webhook.keyId, result.webhook.id, result.webhook.timestamp?.getTime()]).toEqual([
      'k',
      'i',
      5,
    ])
    expect(result.webhook.check).toBe('a+b+c')
  })

  it.each<[string, (VerificationErrorCode | 'ok')[], string, number[]]>([
    [
      'first fails',
      ['ERR_WEBHOOK_SIGNATURE_MISMATCH', 'ok'],
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      [1, 0],
    ],
    [
      'second fails',
      ['ok', 'ERR_WEBHOOK_CREDENTIALS_INVALID'],
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
      [1, 1],
    ],
    [
      'both fail: the first failure',
      ['ERR_WEBHOOK_CREDENTIALS_MISSING', 'ERR_WEBHOOK_SIGNATURE_MISMATCH'],
      'ERR_WEBHOOK_CREDENTIALS_MISSING',
      [1, 0],
    ],
  ])('%s, and stops there', async (_name, outcomes, expected, calls) => {
    const checks = outcomes.map((o, i) => fixed(`c${i}`, o === 'ok' ? {} : o))
    expect(await codeOf(allOf(...checks))).toBe(expected)
    expect(checks.map((c) => c.calls)).toEqual(calls)
  })
})

describe('anyOf', () => {
  it('passes with the first passing check and does not run the rest', async () => {
    const a = fixed('a', 'ERR_WEBHOOK_CREDENTIALS_MISSING')
    const b = fixed('b', { keyId: 'kb' })
    const c = fixed('c', { keyId: 'kc' })
    const result = await run(anyOf(a, b, c))
    expect(result.ok && result.webhook.keyId).toBe('kb')
    expect(result.ok && result.webhook.check).toBe('a|b|c')
    expect([a.calls, b.calls, c.calls]).toEqual([1, 1, 0])
  })

  it.each<[string, VerificationErrorCode[], VerificationErrorCode]>([
    [
      'all missing: the first one',
      ['ERR_WEBHOOK_CREDENTIALS_MISSING', 'ERR_WEBHOOK_SIGNATURE_MISSING'],
      'ERR_WEBHOOK_CREDENTIALS_MISSING',
    ],
    [
      'missing then invalid: the invalid one',
      ['ERR_WEBHOOK_CREDENTIALS_MISSING', 'ERR_WEBHOOK_CREDENTIALS_INVALID'],
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    ],
    [
      'invalid then missing: the invalid one',
      ['ERR_WEBHOOK_CREDENTIALS_INVALID', 'ERR_WEBHOOK_CREDENTIALS_MISSING'],
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    ],
    [
      'two real failures: the first',
      ['ERR_WEBHOOK_SIGNATURE_MISMATCH', 'ERR_WEBHOOK_CREDENTIALS_INVALID'],
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    ],
    [
      'missing, malformed, mismatch: the malformed one',
      [
        'ERR_WEBHOOK_SIGNATURE_MISSING',
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      ],
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    ],
    [
      'a missing timestamp counts as missing',
      ['ERR_WEBHOOK_TIMESTAMP_MISSING', 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD'],
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    ],
  ])('reports the most telling error: %s', async (_name, codes, expected) => {
    expect(await codeOf(anyOf(...codes.map((c, i) => fixed(`c${i}`, c))))).toBe(expected)
  })
})

describe('real checks combined (Solvimon: signature AND (basic OR api key))', () => {
  const secret = 'solvimon-secret'
  const body = '{"type":"INVOICE.PAID"}'
  const signature = createHmac('sha256', secret).update(body).digest('hex')
  const check = allOf(
    hmac({ header: 'x-payload-signature', encoding: 'hex', secrets: secret }),
    anyOf(
      basicAuth({ credentials: { username: 'acme:prod', password: 'pw', id: 'basic' } }),
      apiKey({ header: 'x-api-key', keys: { value: 'k3y', id: 'api' } }),
    ),
  )
  const basic = `Basic ${Buffer.from('acme:prod:pw').toString('base64')}`

  it.each<[string, Record<string, string>, string]>([
    ['signature and basic auth', { 'x-payload-signature': signature, authorization: basic }, 'ok'],
    ['signature and api key', { 'x-payload-signature': signature, 'x-api-key': 'k3y' }, 'ok'],
    ['signature only', { 'x-payload-signature': signature }, 'ERR_WEBHOOK_CREDENTIALS_MISSING'],
    [
      'signature and a wrong api key',
      { 'x-payload-signature': signature, 'x-api-key': 'nope' },
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    ],
    [
      'signature and a wrong password',
      {
        'x-payload-signature': signature,
        authorization: `Basic ${Buffer.from('acme:prod:x').toString('base64')}`,
      },
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    ],
    [
      'credentials but a wrong signature',
      { 'x-payload-signature': '0'.repeat(64), 'x-api-key': 'k3y' },
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    ],
    ['credentials without a signature', { authorization: basic }, 'ERR_WEBHOOK_SIGNATURE_MISSING'],
  ])('%s', async (_name, headers, expected) => {
    const result = await createVerifier(check).verify({ headers, body })
    expect(result.ok ? 'ok' : result.error.code).toBe(expected)
  })

  it('reports the credential id when the signature has none', async () => {
    const result = await createVerifier(check).verify({
      headers: { 'x-payload-signature': signature, 'x-api-key': 'k3y' },
      body,
    })
    expect(result.ok && result.webhook.keyId).toBe('api')
  })

  it('signRequest signs for every allOf member and the first anyOf member', async () => {
    const signed = await signRequest(check, { body })
    expect(signed.headers['x-payload-signature']).toBe(signature)
    expect(signed.headers['authorization']).toBe(basic)
    expect((await createVerifier(check).verify(signed)).ok).toBe(true)
  })
})

describe('combinator options', () => {
  it.each<[string, () => Check]>([
    ['allOf()', () => allOf()],
    ['anyOf()', () => anyOf()],
    ['allOf with a non-check', () => allOf({} as Check)],
    ['anyOf with undefined', () => anyOf(undefined as unknown as Check)],
  ])('%s throws WebhookConfigError', (_name, build) => {
    expect(build).toThrow(WebhookConfigError)
  })
})
