/**
 * Flutterwave: Base64 HMAC-SHA256 of the body in `flutterwave-signature` (v4), or the secret hash
 * itself in `verif-hash` (v3). Expected values: node:crypto.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  presets,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

const secret = 'my-flw-secret-hash'
const body = '{"type":"charge.completed","data":{"id":"chg_1","amount":25000,"currency":"NGN"}}'
const sig = createHmac('sha256', secret).update(body, 'utf8').digest('base64')
const verify = (request: WebhookRequest, check: Check = presets.flutterwave({ secret })) =>
  createVerifier(check).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('flutterwave', () => {
  it('accepts a v4 flutterwave-signature', async () => {
    const result = await verify({ headers: { 'flutterwave-signature': sig }, body })
    expect(result.ok && result.webhook.check).toBe('flutterwave')
  })

  it('rejects a tampered body, a wrong hash and a malformed signature', async () => {
    expect(
      code(
        await verify({
          headers: { 'flutterwave-signature': sig },
          body: body.replace('25000', '1'),
        }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const wrong = createHmac('sha256', 'other').update(body).digest('base64')
    expect(code(await verify({ headers: { 'flutterwave-signature': wrong }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    const hex = createHmac('sha256', secret).update(body).digest('hex')
    expect(code(await verify({ headers: { 'flutterwave-signature': hex }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('accepts the legacy verif-hash only when it equals the secret hash', async () => {
    expect((await verify({ headers: { 'verif-hash': secret }, body })).ok).toBe(true)
    expect(code(await verify({ headers: { 'verif-hash': `${secret}x` }, body }))).toBe(
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    )
  })

  it('reports a wrong signature rather than the absent legacy header', async () => {
    const wrong = createHmac('sha256', 'other').update(body).digest('base64')
    expect(code(await verify({ headers: { 'flutterwave-signature': wrong }, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await verify({ headers: {}, body }))).toMatch(/_MISSING$/)
  })

  it('refuses verif-hash with legacy: false', async () => {
    const check = presets.flutterwave({ secret, legacy: false })
    expect(code(await verify({ headers: { 'verif-hash': secret }, body }, check))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISSING',
    )
    expect((await verify({ headers: { 'flutterwave-signature': sig }, body }, check)).ok).toBe(true)
  })

  it('validates options and signs the v4 header', async () => {
    expect(() => presets.flutterwave({ secret, legacy: 'no' as never })).toThrow(/legacy/)
    const signed = await signRequest(presets.flutterwave({ secret }), { body })
    expect(signed.headers['flutterwave-signature']).toBe(sig)
  })
})
