/**
 * Revolut: `Revolut-Signature: v1=<hex>[,v1=…]` over `v1.{ms timestamp}.{body}`; expected values
 * from node:crypto, and the example from Revolut's docs.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'wsk_r59a4HfWVAKycbCaNO1RvgCJec02gRd8'
const BODY =
  '{"data":{"id":"645a7696-1234-aa47-1234-cbae0449cc46","new_state":"completed","old_state":"pending"},"event":"TransactionStateChanged","timestamp":"2023-05-09T16:36:38.028960Z"}'
const MS = 1683650202360
const hex = (secret: string, ms: number, body = BODY) =>
  createHmac('sha256', secret).update(`v1.${ms}.${body}`, 'utf8').digest('hex')
const verify = (request: WebhookRequest, now = MS): Promise<VerifyResult> =>
  createVerifier(presets.revolut({ secret: SECRET }), { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (signature: string, ms: number | string = MS, body = BODY): WebhookRequest => ({
  headers: { 'Revolut-Signature': signature, 'Revolut-Request-Timestamp': String(ms) },
  body,
})

describe('revolut', () => {
  it('accepts v1=<hex> over v1.{timestamp}.{body} and reads the timestamp as ms', async () => {
    const result = await verify(signed(`v1=${hex(SECRET, MS)}`))
    expect(result.ok && result.webhook.check).toBe('revolut')
    expect(result.ok && result.webhook.timestamp?.getTime()).toBe(MS)
  })

  it('accepts our signature second in a rotation header', async () => {
    const header = `v1=${hex('wsk_old', MS)},v1=${hex(SECRET, MS)}`
    expect(code(await verify(signed(header)))).toBe('accepted')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    const result = await verify(signed(`v1=${hex(SECRET, MS)}`, MS, BODY.replace('completed', 'x')))
    expect(code(result)).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1=${hex('wsk_other', MS)}`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['a bare hex value', () => hex(SECRET, MS)],
    ['a v2 entry only', () => `v2=${hex(SECRET, MS)}`],
    ['Base64', () => `v1=${createHmac('sha256', SECRET).update('x').digest('base64')}`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value())))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a missing timestamp: TIMESTAMP_MISSING', async () => {
    const result = await verify({
      headers: { 'Revolut-Signature': `v1=${hex(SECRET, MS)}` },
      body: BODY,
    })
    expect(code(result)).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
  })

  it('rejects an ISO timestamp: TIMESTAMP_INVALID', async () => {
    expect(code(await verify(signed(`v1=${hex(SECRET, MS)}`, '2023-05-09T16:36:42Z')))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_INVALID',
    )
  })

  it('accepts 5 minutes either side and rejects beyond, both directions', async () => {
    const at = (ms: number) => signed(`v1=${hex(SECRET, ms)}`, ms)
    expect(code(await verify(at(MS - 300_000)))).toBe('accepted')
    expect(code(await verify(at(MS + 300_000)))).toBe('accepted')
    expect(code(await verify(at(MS - 301_000)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(code(await verify(at(MS + 301_000)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
  })

  it('signRequest writes what node:crypto computes', async () => {
    const { headers } = await signRequest(presets.revolut({ secret: SECRET }), {
      body: BODY,
      timestamp: MS,
    })
    expect(headers).toEqual({
      'revolut-signature': `v1=${hex(SECRET, MS)}`,
      'revolut-request-timestamp': String(MS),
    })
  })
})
