/**
 * Orb: `X-Orb-Signature: v1=<hex>` over `v1:{X-Orb-Timestamp}:{body}`, the timestamp ISO-8601
 * without a zone (UTC); checked against `orb-billing`'s `webhooks.unwrap` and node:crypto.
 */
import { createHmac } from 'node:crypto'
import Orb from 'orb-billing'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'orb-webhook-secret'
const BODY = '{"id":"evt_1","type":"invoice.issued","properties":{},"invoice":{"id":"i1"}}'
const TS = '2026-01-15T12:00:00.123456'
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0, 123)
const hex = (secret: string, ts = TS, body = BODY) =>
  createHmac('sha256', secret).update(`v1:${ts}:${body}`, 'utf8').digest('hex')
const verify = (request: WebhookRequest, now = NOW): Promise<VerifyResult> =>
  createVerifier(presets.orb({ secret: SECRET }), { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (signature: string, ts = TS, body = BODY): WebhookRequest => ({
  headers: { 'X-Orb-Signature': signature, 'X-Orb-Timestamp': ts },
  body,
})

describe('orb', () => {
  it('accepts v1=<hex> over v1:{timestamp}:{body}, the zoneless timestamp read as UTC', async () => {
    const result = await verify(signed(`v1=${hex(SECRET)}`))
    expect(result.ok && result.webhook.check).toBe('orb')
    expect(result.ok && result.webhook.timestamp?.getTime()).toBe(NOW)
  })

  it('accepts a timestamp with an explicit zone, signed as sent', async () => {
    const ts = '2026-01-15T13:00:00+01:00'
    expect(code(await verify(signed(`v1=${hex(SECRET, ts)}`, ts), Date.parse(ts)))).toBe('accepted')
  })

  it('accepts our signature among space-separated ones', async () => {
    expect(code(await verify(signed(`v1=${hex('old')} v1=${hex(SECRET)}`)))).toBe('accepted')
  })

  it('produces deliveries orb-billing unwraps, and accepts them', async () => {
    const orb = new Orb({ apiKey: 'unused', webhookSecret: SECRET })
    const { headers } = await signRequest(presets.orb({ secret: SECRET }), { body: BODY })
    expect(orb.webhooks.unwrap(BODY, headers, SECRET)).toMatchObject({ id: 'evt_1' })
    const ours = await createVerifier(presets.orb({ secret: SECRET })).verify({
      headers,
      body: BODY,
    })
    expect(ours.ok).toBe(true)
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1=${hex(SECRET)}`, TS, `${BODY} `)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1=${hex('other')}`)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects the timestamp rewritten with a Z after signing: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`v1=${hex(SECRET)}`, `${TS}Z`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['a bare hex value', () => hex(SECRET)],
    ['comma-separated entries', () => `v1=${hex(SECRET)},v1=${hex('old')}`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value())))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it.each([
    ['Unix seconds', String(NOW / 1000)],
    ['February 30th', '2026-02-30T12:00:00'],
  ])('rejects a timestamp in %s: TIMESTAMP_INVALID', async (_, ts) => {
    expect(code(await verify(signed(`v1=${hex(SECRET, ts)}`, ts)))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_INVALID',
    )
  })

  it('rejects beyond 300 s, both directions', async () => {
    expect(code(await verify(signed(`v1=${hex(SECRET)}`), NOW + 301_000))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    )
    expect(code(await verify(signed(`v1=${hex(SECRET)}`), NOW - 301_000))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_TOO_NEW',
    )
  })
})
