/**
 * Microsoft Graph change notifications: the validationToken handshake and the clientState carried
 * by every notification of a collection.
 */
import { describe, expect, it } from 'vitest'
import type { HandshakeResult } from '../check.js'
import { createVerifier, presets, type Check, type WebhookRequest } from '../index.js'
import { parseWebhookRequest } from '../request.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const clientState = 'secretClientValue'
const check = presets.microsoftGraph({ clientState })

const handshake = (c: Check, request: WebhookRequest): Promise<HandshakeResult> => {
  if (c.handshake === undefined) throw new Error('this check has no handshake')
  return Promise.resolve(
    c.handshake(parseWebhookRequest(request), { now: NOW, tolerance: undefined }),
  )
}
const notification = (state: unknown) => ({
  subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  subscriptionExpirationDateTime: '2026-01-16T18:23:45.9356913Z',
  changeType: 'created',
  resource: 'Users/{user-id}/Messages/{message-id}',
  tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
  ...(state === undefined ? {} : { clientState: state }),
})
const delivery = (states: unknown[]): WebhookRequest => ({
  method: 'POST',
  url: 'https://example.com/graph',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ value: states.map(notification) }),
})
const verify = (c: Check, request: WebhookRequest) =>
  createVerifier(c, { clock: () => NOW }).verify(request)
const code = (result: Awaited<ReturnType<typeof verify>>) =>
  result.ok ? 'accepted' : result.error.code

describe('microsoftGraph validation', () => {
  it('answers the decoded validationToken as text/plain', async () => {
    const token =
      'Validation: Testing client application reachability for subscription Request-Id: 522a8e7e-096a-494c-aaf1-ac0dcfca45b7'
    const result = await handshake(check, {
      method: 'POST',
      url: `https://example.com/graph?validationToken=${encodeURIComponent(token)}`,
      headers: {},
      body: '',
    })
    expect(result).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({
          'content-type': 'text/plain; charset=utf-8',
          'x-content-type-options': 'nosniff',
        }),
        body: token,
      },
    })
  })

  it('refuses to echo a token that is too long or has control characters', async () => {
    for (const token of ['t'.repeat(513), 'a%0Ab']) {
      const result = await handshake(check, {
        method: 'POST',
        url: `https://example.com/graph?validationToken=${token}`,
        headers: {},
        body: '',
      })
      expect(result?.ok === false && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    }
  })

  it('leaves notifications to ordinary verification', async () => {
    expect(await handshake(check, delivery([clientState]))).toBeUndefined()
  })
})

describe('microsoftGraph notifications', () => {
  it('accepts a collection whose every clientState matches', async () => {
    const result = await verify(check, delivery([clientState, clientState]))
    expect(result.ok && result.webhook.check).toBe('microsoftGraph')
  })

  it('rejects a collection with one foreign clientState: CREDENTIALS_INVALID', async () => {
    expect(code(await verify(check, delivery([clientState, 'secretClientValuf'])))).toBe(
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    )
  })

  it('rejects a notification without clientState, or a body that is no collection: CREDENTIALS_MISSING', async () => {
    expect(code(await verify(check, delivery([clientState, undefined])))).toBe(
      'ERR_WEBHOOK_CREDENTIALS_MISSING',
    )
    expect(code(await verify(check, delivery([42])))).toBe('ERR_WEBHOOK_CREDENTIALS_MISSING')
    for (const body of ['{"value":[]}', '{"value":{}}', 'null', 'not json', '[1]']) {
      expect(code(await verify(check, { headers: {}, body }))).toBe(
        'ERR_WEBHOOK_CREDENTIALS_MISSING',
      )
    }
  })

  it('accepts several subscriptions and reports the matching entry id', async () => {
    const both = presets.microsoftGraph({
      clientState: [
        { value: 'mail-subscription', id: 'mail' },
        { value: clientState, id: 'teams' },
      ],
    })
    const result = await verify(both, delivery([clientState]))
    expect(result.ok && result.webhook.keyId).toBe('teams')
    const mixed = await verify(both, delivery(['mail-subscription', clientState]))
    expect(mixed.ok).toBe(true)
  })

  it('requires clientState', () => {
    expect(() => presets.microsoftGraph({} as never)).toThrow(
      expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
    )
    expect(() => presets.microsoftGraph({ clientState: '' })).toThrow(
      expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
    )
  })
})
