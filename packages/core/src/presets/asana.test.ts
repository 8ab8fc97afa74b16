/**
 * Asana: the X-Hook-Secret handshake handed to onHandshake, and X-Hook-Signature deliveries
 * signed with node:crypto using that secret.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { HandshakeResult } from '../check.js'
import { createVerifier, presets, type Check, type WebhookRequest } from '../index.js'
import { parseWebhookRequest } from '../request.js'
import { signRequest } from '../testing/index.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const hookSecret = 'b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81'
const body =
  '{"events":[{"action":"changed","resource":{"gid":"1199","resource_type":"task"},"user":{"gid":"42"}}]}'
const signature = (key: string) => createHmac('sha256', key).update(body, 'utf8').digest('hex')

const handshake = (check: Check, request: WebhookRequest): Promise<HandshakeResult> => {
  if (check.handshake === undefined) throw new Error('this check has no handshake')
  return Promise.resolve(
    check.handshake(parseWebhookRequest(request), { now: NOW, tolerance: undefined }),
  )
}
const hello = (secret: string): WebhookRequest => ({
  method: 'POST',
  url: 'https://example.com/receive-webhook/7654',
  headers: { 'X-Hook-Secret': secret },
  body: '',
})

describe('asana handshake', () => {
  it('hands X-Hook-Secret to onHandshake (awaited) and echoes it with 200', async () => {
    const stored: string[] = []
    const check = presets.asana({
      onHandshake: async (secret) => {
        await new Promise((resolve) => setTimeout(resolve, 1))
        stored.push(secret)
      },
    })
    const result = await handshake(check, hello(hookSecret))
    expect(stored).toEqual([hookSecret])
    expect(result).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({ 'x-hook-secret': hookSecret }),
        body: '',
      },
    })
  })

  it('refuses a handshake onHandshake returns false for: CREDENTIALS_INVALID', async () => {
    const check = presets.asana({ secret: hookSecret, onHandshake: () => false })
    const result = await handshake(check, hello('attacker-chosen'))
    expect(result?.ok === false && result.error).toMatchObject({
      code: 'ERR_WEBHOOK_CREDENTIALS_INVALID',
      message: 'webhook credentials invalid',
    })
  })

  it('never hands over or echoes a secret that is too long or has control characters', async () => {
    const seen: string[] = []
    const check = presets.asana({ onHandshake: (s) => void seen.push(s) })
    for (const secret of ['a'.repeat(513), 'a\u0001b']) {
      const result = await handshake(check, hello(secret))
      expect(result?.ok === false && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    }
    expect(seen).toEqual([])
  })

  it('leaves deliveries to ordinary verification', async () => {
    const check = presets.asana({ secret: hookSecret, onHandshake: () => undefined })
    const delivery = { headers: { 'x-hook-signature': signature(hookSecret) }, body }
    expect(await handshake(check, delivery)).toBeUndefined()
  })

  it('does not answer handshakes without onHandshake', () => {
    expect(presets.asana({ secret: hookSecret }).handshake).toBeUndefined()
  })
})

describe('asana deliveries', () => {
  const check = presets.asana({ secret: hookSecret })
  const verify = (request: WebhookRequest) =>
    createVerifier(check, { clock: () => NOW }).verify(request)

  it('accepts X-Hook-Signature: hex HMAC-SHA256 of the body with the handshake secret', async () => {
    const result = await verify({ headers: { 'X-Hook-Signature': signature(hookSecret) }, body })
    expect(result.ok && result.webhook.check).toBe('asana')
  })

  it('rejects a signature made with another secret', async () => {
    const result = await verify({ headers: { 'x-hook-signature': signature('other') }, body })
    expect(result.ok || result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('fails deliveries with KEY_UNAVAILABLE (503) until the secret is configured', async () => {
    const waiting = presets.asana({ onHandshake: () => undefined })
    const result = await createVerifier(waiting, { clock: () => NOW }).verify({
      headers: { 'x-hook-signature': signature(hookSecret) },
      body,
    })
    expect(result.ok || [result.error.code, result.error.status]).toEqual([
      'ERR_WEBHOOK_KEY_UNAVAILABLE',
      503,
    ])
  })

  it('signRequest produces the header Asana sends', async () => {
    expect((await signRequest(check, { body })).headers['x-hook-signature']).toBe(
      signature(hookSecret),
    )
  })

  it('requires secret or onHandshake', () => {
    expect(() => presets.asana({})).toThrow(
      expect.objectContaining({
        code: 'ERR_WEBHOOK_CONFIG_INVALID',
        message:
          'asana: pass secret (the X-Hook-Secret of the handshake) or onHandshake to receive it',
      }),
    )
    expect(() => presets.asana({ onHandshake: 'store' as never })).toThrow(
      expect.objectContaining({ message: 'asana: onHandshake must be a function' }),
    )
  })
})
