/**
 * Okta event hooks: the one-time verification GET and the configured authentication header.
 */
import { describe, expect, it } from 'vitest'
import type { HandshakeResult } from '../check.js'
import { createVerifier, presets, type Check, type WebhookRequest } from '../index.js'
import { parseWebhookRequest } from '../request.js'
import { signRequest } from '../testing/index.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const secret = 'Basic YWRtaW46c3VwZXJzZWNyZXQ='
const check = presets.okta({ secret })
const body = '{"eventType":"com.okta.event_hook","data":{"events":[{"uuid":"b2e7a4"}]}}'

const handshake = (c: Check, request: WebhookRequest): Promise<HandshakeResult> => {
  if (c.handshake === undefined) throw new Error('this check has no handshake')
  return Promise.resolve(
    c.handshake(parseWebhookRequest(request), { now: NOW, tolerance: undefined }),
  )
}
const verify = (c: Check, request: WebhookRequest) =>
  createVerifier(c, { clock: () => NOW }).verify(request)
const code = (result: Awaited<ReturnType<typeof verify>>) =>
  result.ok ? 'accepted' : result.error.code

describe('okta verification request', () => {
  it('answers {"verification": <X-Okta-Verification-Challenge>} as JSON', async () => {
    const result = await handshake(check, {
      method: 'GET',
      headers: { 'X-Okta-Verification-Challenge': 'rGaUMxvdfPCjsZxRqqxMWrPoTsWTEFY9VKxWvDtz' },
      body: '',
    })
    expect(result).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        body: '{"verification":"rGaUMxvdfPCjsZxRqqxMWrPoTsWTEFY9VKxWvDtz"}',
      },
    })
  })

  it('JSON-escapes what it echoes and refuses control characters or overlong values', async () => {
    const quoted = await handshake(check, {
      method: 'GET',
      headers: { 'x-okta-verification-challenge': 'a"b\\c' },
      body: '',
    })
    expect(quoted?.ok && JSON.parse(quoted.response.body)).toEqual({ verification: 'a"b\\c' })
    const long = await handshake(check, {
      method: 'GET',
      headers: { 'x-okta-verification-challenge': 'v'.repeat(513) },
      body: '',
    })
    expect(long?.ok === false && long.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('leaves POSTs and GETs without the challenge header to ordinary verification', async () => {
    const headers = { 'x-okta-verification-challenge': 'abc' }
    expect(await handshake(check, { method: 'POST', headers, body })).toBeUndefined()
    expect(await handshake(check, { method: 'GET', headers: {}, body: '' })).toBeUndefined()
  })
})

describe('okta deliveries', () => {
  it('accepts the configured Authorization value', async () => {
    const result = await verify(check, { headers: { Authorization: secret }, body })
    expect(result.ok && result.webhook.check).toBe('okta')
  })

  it('rejects a wrong value (CREDENTIALS_INVALID) and a missing one (CREDENTIALS_MISSING)', async () => {
    expect(code(await verify(check, { headers: { authorization: 'Basic eA==' }, body }))).toBe(
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    )
    expect(code(await verify(check, { headers: {}, body }))).toBe('ERR_WEBHOOK_CREDENTIALS_MISSING')
  })

  it('reads a custom authentication field', async () => {
    const custom = presets.okta({ secret: 'token-1', header: 'X-Okta-Hook-Auth' })
    expect(code(await verify(custom, { headers: { 'x-okta-hook-auth': 'token-1' }, body }))).toBe(
      'accepted',
    )
    expect(code(await verify(custom, { headers: { authorization: 'token-1' }, body }))).toBe(
      'ERR_WEBHOOK_CREDENTIALS_MISSING',
    )
  })

  it('signRequest sets the header Okta sends', async () => {
    expect((await signRequest(check, { body })).headers).toEqual({ authorization: secret })
  })
})
