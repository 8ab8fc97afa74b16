import { hmacValidator as HmacValidator } from '@adyen/api-library'
import { describe, expect, it } from 'vitest'
import { implementation } from '#crypto'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  memoryReplayStore,
  presets,
  WebhookConfigError,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

// Expected signatures come from Adyen's own Node library (HmacValidator), never from hookwarden.
const validator = new HmacValidator()
const key = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056'
const otherKey = '11223344D785FBAE710E7F943F307971BB61B21281C98C9129B3D4018A57B2EB'

interface Item {
  pspReference: string
  originalReference?: string
  merchantAccountCode: string
  merchantReference: string
  amount: { value: number; currency: string }
  eventCode: string
  success: string
  reason?: string
}

const item = (overrides: Partial<Item> = {}): Item => ({
  pspReference: '7914073381342284',
  merchantAccountCode: 'TestMerchant',
  merchantReference: 'café: order 42',
  amount: { value: 1130, currency: 'EUR' },
  eventCode: 'AUTHORISATION',
  success: 'true',
  reason: '1234:7777:12/2012',
  ...overrides,
})

/** The SDK's signature for `fields`, computed over the parsed item as Adyen documents. */
const sdkSignature = (fields: Item, hmacKey = key): string =>
  validator.calculateHmac(fields as never, hmacKey)

/** A body written by hand (spacing, \u escapes) so a re-serialised body could not pass. */
function body(items: readonly { fields: Item; signature?: string }[]): string {
  const entries = items.map(({ fields, signature }) => {
    const json = JSON.stringify(fields).replace('é', '\\u00e9')
    const additional = signature === undefined ? '{}' : `{ "hmacSignature" : "${signature}" }`
    return `{ "NotificationRequestItem" : { "additionalData" : ${additional}, ${json.slice(1, -1)} } }`
  })
  return `{\n  "live" : "false",\n  "notificationItems" : [ ${entries.join(',\n')} ]\n}`
}
const signedItem = (fields: Item, hmacKey = key) => ({
  fields,
  signature: sdkSignature(fields, hmacKey),
})
const request = (text: string): WebhookRequest => ({
  headers: { 'content-type': 'application/json' },
  body: text,
})
const run = (text: string, secret: unknown = key): Promise<VerifyResult> =>
  createVerifier(presets.adyen({ secret: secret as string })).verify(request(text))
const code = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code)

describe(`adyen (${implementation} crypto)`, () => {
  it('accepts a notification signed by the Adyen library', async () => {
    const text = body([signedItem(item())])
    expect(
      validator.validateHMAC(JSON.parse(text).notificationItems[0].NotificationRequestItem, key),
    ).toBe(true)
    const result = await run(text)
    expect(result.ok && result.webhook.check).toBe('adyen')
  })

  it('treats an absent originalReference as empty and accepts a refund naming one', async () => {
    expect(
      code(
        await run(
          body([signedItem(item({ eventCode: 'REFUND', originalReference: '8313842560770001' }))]),
        ),
      ),
    ).toBe('ok')
  })

  it('verifies every item of a batch', async () => {
    const second = item({
      pspReference: '8535296650153317',
      amount: { value: 500, currency: 'USD' },
    })
    expect(code(await run(body([signedItem(item()), signedItem(second)])))).toBe('ok')
    const tampered = {
      fields: { ...second, amount: { value: 5000, currency: 'USD' } },
      signature: sdkSignature(second),
    }
    expect(code(await run(body([signedItem(item()), tampered])))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await run(body([signedItem(item()), { fields: second }])))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISSING',
    )
  })

  it('rejects a changed signed field and accepts a changed unsigned one', async () => {
    const { signature } = signedItem(item())
    expect(code(await run(body([{ fields: item({ success: 'false' }), signature }])))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await run(body([{ fields: item({ reason: 'other' }), signature }])))).toBe('ok')
  })

  it('rejects a signature made with another key', async () => {
    expect(code(await run(body([signedItem(item(), otherKey)])))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('reports the matching key while rolling to a new one', async () => {
    const result = await run(body([signedItem(item())]), [
      { value: otherKey, id: 'new' },
      { value: key, id: 'old' },
    ])
    expect(result.ok && result.webhook.keyId).toBe('old')
  })

  it('reports missing and malformed signatures', async () => {
    expect(code(await run('not json'))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(code(await run('{"live":"false","notificationItems":[]}'))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISSING',
    )
    expect(code(await run(body([{ fields: item(), signature: 'not base64!' }])))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(code(await run(body([{ fields: item(), signature: 'c2hvcnQ=' }])))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(code(await run('{"notificationItems":[{"NotificationRequestItem":"x"}]}'))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('answers a redelivery of the same notification as a replay', async () => {
    const verifier = createVerifier(presets.adyen({ secret: key }), { replay: memoryReplayStore() })
    const text = body([signedItem(item())])
    expect(code(await verifier.verify(request(text)))).toBe('ok')
    expect(
      code(await verifier.verify(request(text.replace('"live" : "false"', '"live":"false"')))),
    ).toBe('ERR_WEBHOOK_REPLAYED')
  })

  describe("scheme 'header' (HmacSignature over the raw body)", () => {
    const payload =
      '{"data":{"balancePlatform":"YOUR_BALANCE_PLATFORM","id":"BA3227C223222B5BG8WXFL6LQ"},"environment":"test","type":"balancePlatform.balanceAccount.created"}'
    const check = presets.adyen({ secret: key, scheme: 'header' })

    it('accepts the Adyen library signature and rejects a changed byte', async () => {
      const signature = validator.calculateHmac(payload, key)
      expect(validator.validateHMACSignature(key, signature, payload)).toBe(true)
      const verifier = createVerifier(check)
      expect(
        code(await verifier.verify({ headers: { HmacSignature: signature }, body: payload })),
      ).toBe('ok')
      expect(
        code(
          await verifier.verify({
            headers: { HmacSignature: signature },
            body: payload.replace('test', 'live'),
          }),
        ),
      ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    })

    it('signRequest writes a header the Adyen library accepts', async () => {
      const signed = await signRequest(check, { body: payload })
      expect(validator.validateHMACSignature(key, signed.headers['hmacsignature']!, payload)).toBe(
        true,
      )
    })
  })

  it('validates options', () => {
    expect(() => presets.adyen({ secret: key, scheme: 'body' as never })).toThrow(
      "adyen: scheme must be 'notification' or 'header'",
    )
    expect(() => presets.adyen({ secret: 'not hex' })).toThrow(WebhookConfigError)
    expect(() => presets.adyen({ secret: 'not hex' })).toThrow(
      'adyen: secret must be the HMAC key as hex, as the Customer Area shows it',
    )
    expect(() => presets.adyen({ secret: key, hmacKey: key } as never)).toThrow(
      "adyen: unknown option 'hmacKey'",
    )
  })
})
