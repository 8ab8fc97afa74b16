import { constants, generateKeyPairSync, sign as nodeSign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { implementation } from '#crypto'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  presets,
  WebhookConfigError,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

// Wise's own example (github.com/transferwise/digital-signatures-examples,
// verify-webhook-signature/verify-signature.js): a sandbox delivery and its signature.
const body =
  '{"data":{"resource":{"id":49983981,"profile_id":16055450,"account_id":14124090,"type":"transfer"},"current_state":"incoming_payment_waiting","previous_state":null,"occurred_at":"2021-08-23T10:12:50Z"},"subscription_id":"90aa8e14-4ef1-4a56-861c-f3c9cde097ea","event_type":"transfers#state-change","schema_version":"2.0.0","sent_at":"2021-08-23T10:12:50Z"}'
const signature =
  'wKcKCYXAzxNgiu7xmoDm943NUni7Rz33QN8JkEA9dWSGebgndonabgSj18Y4C08OrwVmueGsED2s00M7DtJVcYKOS1i3G4TMVx+mgM3aL9djMBkQtiYNBFUd6wrPI7ZUNHv/TrlKSjTMc+6JFvUvJ7owY3z85e3I4jLRLJowMFvO8kvCJ60+1pY9wDwZvtZ//WS93LrwGjk9Dvwzpmu0w+P4J75tETT5qC3Uv0y5G2yO8SEoO3yNP/tg/BOli02niHb53vEOUWUb9bly6thnfMoXoiV/osoGxgF20R58RlvkAmezyyl1Sv542TfS2DpiwVnmjjjkCyXeSUcKookYLQ=='

const request = (sig: string, data: string = body): WebhookRequest => ({
  headers: {
    'X-Signature-SHA256': sig,
    'X-Delivery-Id': '2a1e5c5a-0000-4000-8000-000000000000',
    'X-Test-Notification': 'true',
  },
  body: data,
})
const verify = (check: Check, req: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(check).verify(req)
const code = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code)

describe(`wise (${implementation} crypto)`, () => {
  it("accepts Wise's published sandbox example with the sandbox key", async () => {
    const result = await verify(presets.wise({ environment: 'sandbox' }), request(signature))
    expect(result.ok && result.webhook.check).toBe('wise')
  })

  it('rejects the sandbox example under the production key', async () => {
    const result = await verify(presets.wise({ environment: 'production' }), request(signature))
    expect(code(result)).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects the example with one body byte changed', async () => {
    const tampered = body.replace('49983981', '49983982')
    const result = await verify(
      presets.wise({ environment: 'sandbox' }),
      request(signature, tampered),
    )
    expect(code(result)).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a missing or non-Base64 signature', async () => {
    const check = presets.wise({ environment: 'sandbox' })
    expect(code(await verify(check, { headers: {}, body }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(code(await verify(check, request(signature.replace('w', '*'))))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('takes a pinned publicKey; signatures from node:crypto verify and signRequest round-trips', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const publicKey = pair.publicKey.export({ format: 'pem', type: 'spki' }) as string
    const check = presets.wise({ publicKey })
    const sig = nodeSign('sha256', Buffer.from(body), {
      key: pair.privateKey,
      padding: constants.RSA_PKCS1_PADDING,
    }).toString('base64')
    expect((await verify(check, request(sig))).ok).toBe(true)
    const privateKey = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    const signed = await signRequest(check, { body: '{"a":1}', privateKey })
    expect(Object.keys(signed.headers)).toEqual(['x-signature-sha256'])
    expect((await verify(check, { headers: signed.headers, body: signed.body })).ok).toBe(true)
  })

  it('needs exactly one of environment and publicKey, and names a typo', () => {
    const message = "wise: give environment ('production' or 'sandbox') or publicKey, exactly one"
    expect(() => presets.wise({})).toThrow(message)
    expect(() => presets.wise({ environment: 'sandbox', publicKey: 'x' })).toThrow(message)
    expect(() => presets.wise({ environment: 'live' as never })).toThrow(
      "wise: environment must be 'production' or 'sandbox'",
    )
    expect(() => presets.wise({ enviroment: 'sandbox' } as never)).toThrow(WebhookConfigError)
    expect(() => presets.wise({ enviroment: 'sandbox' } as never)).toThrow(
      "wise: unknown option 'enviroment'; did you mean 'environment'?",
    )
  })
})
