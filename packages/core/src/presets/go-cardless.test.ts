/** GoCardless: hex HMAC-SHA256 of the raw body in `Webhook-Signature` (expected values: node:crypto). */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'

const secret = 'gocardless-endpoint-secret'
const body =
  '{"events":[{"id":"EV123","created_at":"2014-08-04T12:00:00.000Z","action":"cancelled","resource_type":"mandates"}]}'
const sig = createHmac('sha256', secret).update(body, 'utf8').digest('hex')
const verify = (request: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(presets.goCardless({ secret })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('goCardless', () => {
  it('accepts a signed batch of events', async () => {
    const result = await verify({ headers: { 'Webhook-Signature': sig }, body })
    expect(result.ok && result.webhook.check).toBe('goCardless')
  })

  it('rejects a tampered body, a wrong secret, a missing and a malformed signature', async () => {
    expect(
      code(
        await verify({ headers: { 'webhook-signature': sig }, body: body.replace('EV1', 'EV9') }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const wrong = createHmac('sha256', 'old-secret').update(body).digest('hex')
    expect(code(await verify({ headers: { 'webhook-signature': wrong }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await verify({ headers: {}, body }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(code(await verify({ headers: { 'webhook-signature': `${sig}zz` }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('accepts the previous secret while both are configured', async () => {
    const wrong = createHmac('sha256', 'old-secret').update(body).digest('hex')
    const check = presets.goCardless({
      secret: [
        { value: secret, id: 'new' },
        { value: 'old-secret', id: 'old' },
      ],
    })
    const result = await createVerifier(check).verify({
      headers: { 'webhook-signature': wrong },
      body,
    })
    expect(result.ok && result.webhook.keyId).toBe('old')
  })
})
