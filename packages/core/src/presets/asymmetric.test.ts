import { generateKeyPairSync } from 'node:crypto'
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

async function run(
  check: Check,
  request: WebhookRequest,
  nowSeconds: number,
): Promise<VerifyResult> {
  return createVerifier(check, { clock: () => nowSeconds * 1000 }).verify(request)
}
const code = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code)

describe(`asymmetric presets (${implementation} crypto)`, () => {
  describe('sendgrid (V8, official SDK vector)', () => {
    const publicKey =
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA=='
    const body = '{"category":"example_payload","event":"test_event","message_id":"message_id"}'
    const request = (signature: string): WebhookRequest => ({
      headers: {
        'X-Twilio-Email-Event-Webhook-Signature': signature,
        'X-Twilio-Email-Event-Webhook-Timestamp': '1588788367',
      },
      body,
    })
    const good =
      'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0='
    const bad =
      'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0='

    it('accepts the vector and rejects its negative twin', async () => {
      const check = presets.sendgrid({ publicKey })
      const result = await run(check, request(good), 1588788367)
      expect(result.ok && result.webhook.check).toBe('sendgrid')
      expect(code(await run(check, request(bad), 1588788367))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    })

    it('applies 300 s by default and the tolerance option', async () => {
      expect(
        code(await run(presets.sendgrid({ publicKey }), request(good), 1588788367 + 301)),
      ).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
      expect(
        code(
          await run(
            presets.sendgrid({ publicKey, tolerance: 600 }),
            request(good),
            1588788367 + 301,
          ),
        ),
      ).toBe('ok')
    })

    it('only takes P-256 public keys', () => {
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({
        format: 'der',
        type: 'spki',
      })
      expect(() => presets.sendgrid({ publicKey: p384.toString('base64') })).toThrow(
        WebhookConfigError,
      )
      expect(() => presets.sendgrid({ publicKey: 'my-hmac-secret' })).toThrow(/expected an ECDSA/)
    })
  })

  describe('monime ES256 (V2, speculative format)', () => {
    const publicKey = [
      '-----BEGIN PUBLIC KEY-----',
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDJcyLG4NIOhNOps0xp8JLBZhcL+9',
      'PlT5bEsUukw2otmcI80lWFVxvL8t6O8lmOvvlv30+r5S5tgGj3Zg9nkwCQ==',
      '-----END PUBLIC KEY-----',
    ].join('\n')
    const body =
      '{"apiVersion":"2024-08-01","event":{"id":"wke-test","name":"payment.completed","timestamp":"1700000000"},"object":{"id":"spm-test","type":"payment"},"data":{"status":"completed"}}'
    const request = (v1: string, t = '1700000000'): WebhookRequest => ({
      headers: { 'Monime-Signature': `t=${t},v1=${v1}` },
      body,
    })
    const check = presets.monime({ publicKey })

    it.each([
      [
        'DER, Base64',
        'MEQCIAShz78rb4xYuPKVxoeJRGB/IfDRgjFEf1icwipF3VxvAiB+A7yILqqjrbcfW6I8Nkb04ieCwezJNu0Fkuue737rGQ==',
      ],
      [
        'P1363, Base64',
        'ohKXo1kvgs3HTWVqKUUHK+kAl1iAQ70shKsf3KTsziMATkhoHT0Hyiys66rP7v2pVFO/AYVUHxOMs5IvIlbRWQ==',
      ],
      [
        'P1363, Base64url',
        'ohKXo1kvgs3HTWVqKUUHK-kAl1iAQ70shKsf3KTsziMATkhoHT0Hyiys66rP7v2pVFO_AYVUHxOMs5IvIlbRWQ',
      ],
    ])('accepts %s', async (_name, v1) => {
      const result = await run(check, request(v1), 1700000000)
      expect(result.ok && result.webhook.check).toBe('monime')
    })

    it('rejects a changed timestamp, and signatures after 300 s', async () => {
      const der =
        'MEQCIAShz78rb4xYuPKVxoeJRGB/IfDRgjFEf1icwipF3VxvAiB+A7yILqqjrbcfW6I8Nkb04ieCwezJNu0Fkuue737rGQ=='
      expect(code(await run(check, request(der, '1700000001'), 1700000000))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
      expect(code(await run(check, request(der), 1700000301))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    })

    it('keeps the HS256 path (V1)', async () => {
      const hs = presets.monime({ secret: '0123456789abcdef0123456789abcdef' })
      expect(
        code(await run(hs, request('2z8aY6oBwfM6+otqYcL5gnNiNXgrvf6HUbIyNgg44b0='), 1700000000)),
      ).toBe('ok')
      expect(
        code(await run(check, request('2z8aY6oBwfM6+otqYcL5gnNiNXgrvf6HUbIyNgg44b0='), 1700000000)),
      ).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    })

    it('takes exactly one of secret and publicKey', () => {
      const both = {
        secret: '0123456789abcdef0123456789abcdef',
        publicKey,
      } as unknown as Parameters<typeof presets.monime>[0]
      expect(() => presets.monime(both)).toThrow(/either secret \(HS256\) or publicKey \(ES256\)/)
      expect(() => presets.monime({} as Parameters<typeof presets.monime>[0])).toThrow(
        WebhookConfigError,
      )
    })

    it('requires the static headers next to the ES256 signature', async () => {
      const withHeaders = presets.monime({ publicKey, headers: { 'x-api-key': 'k_123' } })
      const der =
        'MEQCIAShz78rb4xYuPKVxoeJRGB/IfDRgjFEf1icwipF3VxvAiB+A7yILqqjrbcfW6I8Nkb04ieCwezJNu0Fkuue737rGQ=='
      expect(code(await run(withHeaders, request(der), 1700000000))).toBe(
        'ERR_WEBHOOK_CREDENTIALS_MISSING',
      )
      const ok = await run(
        withHeaders,
        {
          ...request(der),
          headers: { 'monime-signature': `t=1700000000,v1=${der}`, 'x-api-key': 'k_123' },
        },
        1700000000,
      )
      expect(code(ok)).toBe('ok')
    })
  })

  describe('signRequest round trips', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const ed = generateKeyPairSync('ed25519')
    const ecPrivate = ec.privateKey.export({ format: 'pem', type: 'pkcs8' })
    const edPrivate = ed.privateKey.export({ format: 'pem', type: 'pkcs8' })
    const edRaw = Buffer.from(ed.publicKey.export({ format: 'jwk' }).x!, 'base64url')

    it.each([
      [
        'sendgrid',
        presets.sendgrid({
          publicKey: ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        }),
        ecPrivate,
      ],
      [
        'monime',
        presets.monime({
          publicKey: ec.publicKey.export({ format: 'pem', type: 'spki' }) as string,
        }),
        ecPrivate,
      ],
      ['plaid', presets.plaid({ keys: ec.publicKey.export({ format: 'jwk' }) }), ecPrivate],
      ['discord', presets.discord({ publicKey: edRaw.toString('hex') }), edPrivate],
      [
        'standardWebhooksAsymmetric',
        presets.standardWebhooksAsymmetric({ publicKey: `whpk_${edRaw.toString('base64')}` }),
        edPrivate,
      ],
    ])('%s', async (name, check, privateKey) => {
      const signed = await signRequest(check, { body: '{"hello":"world"}', privateKey })
      const result = await createVerifier(check).verify(signed)
      expect(result.ok && result.webhook.check).toBe(name)
    })
  })
})
