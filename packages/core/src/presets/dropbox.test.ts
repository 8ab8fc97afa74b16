/**
 * Dropbox: X-Dropbox-Signature deliveries signed with node:crypto, and the GET `?challenge=`.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { HandshakeResult } from '../check.js'
import { createVerifier, presets, type WebhookRequest } from '../index.js'
import { parseWebhookRequest } from '../request.js'
import { signRequest } from '../testing/index.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const secret = 'dropbox-app-secret'
const check = presets.dropbox({ secret })
const body =
  '{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}, "delta": {"users": [12345]}}'
const signature = (key: string) => createHmac('sha256', key).update(body, 'utf8').digest('hex')

const handshake = (request: WebhookRequest): Promise<HandshakeResult> => {
  if (check.handshake === undefined) throw new Error('this check has no handshake')
  return Promise.resolve(
    check.handshake(parseWebhookRequest(request), { now: NOW, tolerance: undefined }),
  )
}
const get = (url: string): WebhookRequest => ({ method: 'GET', url, headers: {}, body: '' })

describe('dropbox', () => {
  it('accepts X-Dropbox-Signature (hex HMAC-SHA256 of the body), in either case', async () => {
    const verifier = createVerifier(check, { clock: () => NOW })
    for (const sig of [signature(secret), signature(secret).toUpperCase()]) {
      const result = await verifier.verify({ headers: { 'X-Dropbox-Signature': sig }, body })
      expect(result.ok && result.webhook.check).toBe('dropbox')
    }
  })

  it('rejects a signature made with another secret', async () => {
    const result = await createVerifier(check, { clock: () => NOW }).verify({
      headers: { 'x-dropbox-signature': signature('other') },
      body,
    })
    expect(result.ok || result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('signRequest produces the header Dropbox sends', async () => {
    expect((await signRequest(check, { body })).headers['x-dropbox-signature']).toBe(
      signature(secret),
    )
  })

  it('echoes ?challenge= as text/plain with nosniff', async () => {
    expect(await handshake(get('https://example.com/dropbox?challenge=d2FzIGhlcmU'))).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({
          'content-type': 'text/plain; charset=utf-8',
          'x-content-type-options': 'nosniff',
        }),
        body: 'd2FzIGhlcmU',
      },
    })
    const relative = await handshake(get('/dropbox?challenge=abc#frag'))
    expect(relative?.ok && relative.response.body).toBe('abc')
  })

  it('refuses to echo a challenge that is too long or has control characters', async () => {
    for (const challenge of ['a'.repeat(513), 'a%0D%0Ab', '']) {
      const result = await handshake(get(`https://example.com/dropbox?challenge=${challenge}`))
      expect(result?.ok === false && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    }
  })

  it('leaves POSTs and GETs without a challenge to ordinary verification', async () => {
    expect(await handshake(get('https://example.com/dropbox'))).toBeUndefined()
    expect(
      await handshake({ ...get('https://example.com/dropbox?challenge=x'), method: 'POST' }),
    ).toBeUndefined()
  })
})
