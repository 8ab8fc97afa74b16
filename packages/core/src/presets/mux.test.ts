/** Mux: `Mux-Signature: t=<unix>,v1=<hex>` over `{t}.{body}`, checked against @mux/mux-node. */
import { createHmac } from 'node:crypto'
import Mux from '@mux/mux-node'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'mux-signing-secret'
const BODY = '{"type":"video.asset.ready","data":{"id":"asset_1","title":"Zoë"}}'
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const T = NOW / 1000
const hex = (secret: string, t: number, body = BODY) =>
  createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')
const verify = (request: WebhookRequest, now = NOW): Promise<VerifyResult> =>
  createVerifier(presets.mux({ secret: SECRET }), { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (value: string, body = BODY): WebhookRequest => ({
  headers: { 'Mux-Signature': value },
  body,
})

describe('mux', () => {
  const mux = new Mux({ tokenId: 'unused', tokenSecret: 'unused', webhookSecret: SECRET })

  it('accepts t=,v1= over {t}.{body} and reports its name and timestamp', async () => {
    const result = await verify(signed(`t=${T},v1=${hex(SECRET, T)}`))
    expect(result.ok && result.webhook.check).toBe('mux')
    expect(result.ok && result.webhook.timestamp?.getTime()).toBe(NOW)
  })

  it('accepts when any of several v1 matches', async () => {
    expect(code(await verify(signed(`t=${T},v1=${hex('old', T)},v1=${hex(SECRET, T)}`)))).toBe(
      'accepted',
    )
  })

  it('produces headers @mux/mux-node accepts', async () => {
    const { headers } = await signRequest(presets.mux({ secret: SECRET }), { body: BODY })
    await expect(mux.webhooks.verifySignature(BODY, headers)).resolves.toBeUndefined()
    expect(code(await verify(signed(headers['mux-signature'] ?? ''), Date.now()))).toBe('accepted')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`t=${T},v1=${hex(SECRET, T)}`, `${BODY} `)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects another secret: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`t=${T},v1=${hex('nope', T)}`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects a timestamp changed after signing: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify(signed(`t=${T - 1},v1=${hex(SECRET, T)}`)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['no v1', `t=${T}`],
    ['two t', `t=${T},t=${T},v1=${'0'.repeat(64)}`],
    ['short hex', `t=${T},v1=abc`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify(signed(value)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a header without t: TIMESTAMP_MISSING', async () => {
    expect(code(await verify(signed(`v1=${hex(SECRET, T)}`)))).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
  })

  it('accepts 300 s either side and rejects beyond, both directions', async () => {
    const at = (t: number) => signed(`t=${t},v1=${hex(SECRET, t)}`)
    expect(code(await verify(at(T - 300)))).toBe('accepted')
    expect(code(await verify(at(T + 300)))).toBe('accepted')
    expect(code(await verify(at(T - 301)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(code(await verify(at(T + 301)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
  })

  it('takes a tolerance', async () => {
    const check = presets.mux({ secret: SECRET, tolerance: 60 })
    const result = await createVerifier(check, { clock: () => NOW }).verify(
      signed(`t=${T - 61},v1=${hex(SECRET, T - 61)}`),
    )
    expect(code(result)).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })
})
