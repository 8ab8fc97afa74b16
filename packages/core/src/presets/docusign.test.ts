/**
 * DocuSign Connect: `X-DocuSign-Signature-1..N`, one Base64 HMAC-SHA256 of the raw body per
 * account key, any may match; expected values from node:crypto.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createVerifier,
  diagnose,
  presets,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'
import { signRequest } from '../testing/index.js'

const KEY = 'Wm9lIGlzIGEgRG9jdVNpZ24ga2V5IGZvciB0ZXN0cw=='
const OTHER = 'another-account-key'
const BODY = '{"event":"envelope-completed","data":{"envelopeId":"e-1"}}\r\n'
const b64 = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('base64')
const verify = (request: WebhookRequest, secret = KEY): Promise<VerifyResult> =>
  createVerifier(presets.docusign({ secret })).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const numbered = (...values: string[]) =>
  Object.fromEntries(values.map((v, i) => [`X-DocuSign-Signature-${i + 1}`, v]))

describe('docusign', () => {
  it('accepts X-DocuSign-Signature-1 and reports its name', async () => {
    const result = await verify({ headers: numbered(b64(KEY, BODY)), body: BODY })
    expect(result.ok && result.webhook.check).toBe('docusign')
  })

  it('accepts our key in a later header when the account has several keys', async () => {
    const headers = numbered(b64(OTHER, BODY), b64('third', BODY), b64(KEY, BODY))
    expect(code(await verify({ headers, body: BODY }))).toBe('accepted')
  })

  it('reports which configured key matched', async () => {
    const result = await createVerifier(
      presets.docusign({
        secret: [
          { value: KEY, id: 'new' },
          { value: OTHER, id: 'old' },
        ],
      }),
    ).verify({ headers: numbered(b64(OTHER, BODY)), body: BODY })
    expect(result.ok && result.webhook.keyId).toBe('old')
  })

  it('stops at the first missing number', async () => {
    const headers = { ...numbered(b64(OTHER, BODY)), 'X-DocuSign-Signature-3': b64(KEY, BODY) }
    expect(code(await verify({ headers, body: BODY }))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a tampered body (line endings are signed): SIGNATURE_MISMATCH', async () => {
    const result = await verify({ headers: numbered(b64(KEY, BODY)), body: BODY.trimEnd() })
    expect(code(result)).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a signature from another key: SIGNATURE_MISMATCH', async () => {
    expect(code(await verify({ headers: numbered(b64(OTHER, BODY)), body: BODY }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['hex', createHmac('sha256', KEY).update(BODY).digest('hex')],
    ['an empty value', ''],
    ['two values in one header', `${b64(KEY, BODY)} ${b64(KEY, BODY)}`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, value) => {
    expect(code(await verify({ headers: numbered(value), body: BODY }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('rejects a delivery without X-DocuSign-Signature-1: SIGNATURE_MISSING', async () => {
    const headers = { 'X-DocuSign-Signature-2': b64(KEY, BODY) }
    expect(code(await verify({ headers, body: BODY }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signRequest writes X-DocuSign-Signature-1 as node:crypto computes it', async () => {
    const { headers } = await signRequest(presets.docusign({ secret: KEY }), { body: BODY })
    expect(headers).toEqual({ 'x-docusign-signature-1': b64(KEY, BODY) })
  })

  it('diagnose reads the numbered headers too', async () => {
    const diagnosis = await diagnose(
      { headers: numbered(b64(OTHER, BODY), b64(KEY, BODY)), body: BODY },
      presets.docusign({ secret: KEY }),
    )
    expect(diagnosis.result.ok).toBe(true)
    expect(diagnosis.findings).toEqual([])
  })
})
