/** Bitbucket: `X-Hub-Signature: sha256=<hex>` over the raw body; expected values from node:crypto. */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'bb-webhook-secret'
const BODY = '{"push":{"changes":[]},"actor":{"display_name":"Zoë"}}'
const hex = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex')
const verify = (request: WebhookRequest, secret = SECRET): Promise<VerifyResult> =>
  createVerifier(presets.bitbucket({ secret })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (value: string, body = BODY): WebhookRequest => ({
  headers: { 'X-Hub-Signature': value },
  body,
})

describe('bitbucket', () => {
  it('accepts sha256=<hex> of the raw body and reports its name', async () => {
    const result = await verify(signed(`sha256=${hex(SECRET, BODY)}`))
    expect(result.ok && result.webhook.check).toBe('bitbucket')
  })

  it('accepts upper-case hex', async () => {
    expect(code(await verify(signed(`sha256=${hex(SECRET, BODY).toUpperCase()}`)))).toBe('accepted')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    const result = await verify(signed(`sha256=${hex(SECRET, BODY)}`, `${BODY} `))
    expect(code(result)).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a signature made with another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`sha256=${hex('other', BODY)}`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['no sha256= prefix', () => hex(SECRET, BODY)],
    ["GitHub's SHA-1 form", () => `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`],
    ['odd-length hex', () => `sha256=${hex(SECRET, BODY).slice(1)}`],
    ['non-hex characters', () => `sha256=${'z'.repeat(64)}`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value())))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a delivery without the header: SIGNATURE_MISSING', async () => {
    expect(code(await verify({ headers: {}, body: BODY }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signRequest writes what node:crypto computes', async () => {
    const { headers } = await signRequest(presets.bitbucket({ secret: SECRET }), { body: BODY })
    expect(headers).toEqual({ 'x-hub-signature': `sha256=${hex(SECRET, BODY)}` })
  })

  it('names the misspelt option', () => {
    expect(() => presets.bitbucket({ secert: SECRET } as never)).toThrow(/secret/)
  })
})
