import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { implementation } from '#crypto'
import {
  expectResult,
  loadVectors,
  toNow,
  toRequest,
  type BodyInput,
} from '../../../../test/vectors/vectors.js'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  ed25519,
  presets,
  WebhookConfigError,
  WebhookVerificationError,
  type Check,
  type Ed25519Options,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

const pair = generateKeyPairSync('ed25519')
const jwk = pair.publicKey.export({ format: 'jwk' })
const raw = Buffer.from(jwk.x!, 'base64url')
const spkiDer = pair.publicKey.export({ format: 'der', type: 'spki' })
const spkiPem = pair.publicKey.export({ format: 'pem', type: 'spki' }) as string
const pkcs8 = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
const whpk = `whpk_${raw.toString('base64')}`

async function run(
  check: Check,
  request: WebhookRequest,
  nowSeconds: number,
): Promise<VerifyResult> {
  return createVerifier(check, { clock: () => nowSeconds * 1000 }).verify(request)
}

function expectCode(result: VerifyResult, code: string): void {
  expect(result.ok).toBe(false)
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(WebhookVerificationError)
    expect(result.error.code).toBe(code)
  }
}

interface AsymmetricVector {
  readonly check: Ed25519Options
  readonly headers: Record<string, string>
  readonly body: BodyInput
  readonly now?: number
}

describe.each(loadVectors<AsymmetricVector>('ed25519.json'))(
  `test/vectors/ed25519.json (${implementation} crypto)`,
  (row) => {
    it(row.name, async () => {
      const verifier = createVerifier(ed25519(row.input.check), {
        clock: () => toNow(row.input.now),
      })
      expectResult(await verifier.verify(toRequest(row.input)), row.expect)
    })
  },
)

describe(`ed25519 (${implementation} crypto)`, () => {
  describe('Standard Webhooks v1a', () => {
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
    const ts = '1614265330'
    const body = '{"test": 2432232314}'
    const signature = nodeSign(null, Buffer.from(`${id}.${ts}.${body}`), pair.privateKey).toString(
      'base64',
    )
    const request = (header: string, payload = body): WebhookRequest => ({
      headers: { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': header },
      body: payload,
    })
    const check = presets.standardWebhooksAsymmetric({ publicKey: whpk })

    it('accepts a v1a signature made by node:crypto, next to a v1 entry it cannot check', async () => {
      const result = await run(
        check,
        request(`v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1a,${signature}`),
        1614265330,
      )
      expect(result.ok).toBe(true)
      if (result.ok) {
        expect(result.webhook.check).toBe('standardWebhooksAsymmetric')
        expect(result.webhook.id).toBe(id)
      }
    })

    it('rejects a changed body, a changed id, and a header without v1a', async () => {
      expectCode(
        await run(check, request(`v1a,${signature}`, body + ' '), 1614265330),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
      const otherId = {
        ...request(`v1a,${signature}`),
        headers: {
          'webhook-id': 'msg_other',
          'webhook-timestamp': ts,
          'webhook-signature': `v1a,${signature}`,
        },
      }
      expectCode(await run(check, otherId, 1614265330), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
      expectCode(
        await run(check, request('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='), 1614265330),
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
    })

    it('keeps the 5 minute tolerance', async () => {
      expectCode(
        await run(check, request(`v1a,${signature}`), 1614265330 + 301),
        'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
      )
    })

    it('round-trips signRequest with a whsk_-style PKCS #8 key', async () => {
      const signed = await signRequest(check, { body, privateKey: pkcs8 })
      expect(signed.headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/)
      expect((await createVerifier(check).verify(signed)).ok).toBe(true)
    })
  })

  describe('Discord-style', () => {
    const ts = '1700000000'
    const body = '{"type":1}'
    const signature = nodeSign(null, Buffer.from(ts + body), pair.privateKey).toString('hex')
    const check = presets.discord({ publicKey: raw.toString('hex') })
    const request = (sig: string, payload = body): WebhookRequest => ({
      headers: { 'X-Signature-Ed25519': sig, 'X-Signature-Timestamp': ts },
      body: payload,
    })

    it('accepts a hex signature over {timestamp}{body}, in either case', async () => {
      expect((await run(check, request(signature), 1700000000)).ok).toBe(true)
      expect((await run(check, request(signature.toUpperCase()), 1700000000)).ok).toBe(true)
    })

    it('rejects a tampered body and a flipped signature bit', async () => {
      expectCode(
        await run(check, request(signature, '{"type":2}'), 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
      const flipped = (parseInt(signature[0]!, 16) ^ 1).toString(16) + signature.slice(1)
      expectCode(await run(check, request(flipped), 1700000000), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
    })

    it('rejects a signature of the wrong length as malformed', async () => {
      expectCode(
        await run(check, request(signature.slice(0, 126)), 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
    })

    it('rejects a non-canonical S (S + L), as node:crypto does', async () => {
      const L = 2n ** 252n + 27742317777372353535851937790883648493n
      const bytes = Buffer.from(signature, 'hex')
      // S is little-endian and below L < 2^253, so S + L still fits in 32 bytes.
      const s = BigInt('0x' + Buffer.from(bytes.subarray(32)).reverse().toString('hex'))
      const bigger = Buffer.from((s + L).toString(16).padStart(64, '0'), 'hex').reverse()
      const forged = Buffer.concat([bytes.subarray(0, 32), bigger])
      expect(nodeVerify(null, Buffer.from(ts + body), pair.publicKey, forged)).toBe(false)
      expectCode(
        await run(check, request(forged.toString('hex')), 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    })
  })

  describe('key formats', () => {
    const body = 'formats'
    const signature = nodeSign(null, Buffer.from(body), pair.privateKey).toString('base64')

    it.each([
      ['raw hex', raw.toString('hex')],
      ['raw Base64', raw.toString('base64')],
      ['raw Base64url', raw.toString('base64url')],
      ['whpk_', whpk],
      ['PEM SPKI', spkiPem],
      ['Base64 DER SPKI', spkiDer.toString('base64')],
      ['raw bytes', new Uint8Array(raw)],
      ['SPKI bytes', new Uint8Array(spkiDer)],
      ['JWK', jwk],
      ['JWKS', { keys: [{ ...jwk, kid: 'ed' }] }],
    ] as const)('accepts %s', async (_name, keys) => {
      const check = ed25519({ header: 'x-sig', encoding: 'base64', keys })
      expect((await run(check, { headers: { 'x-sig': signature }, body }, 1700000000)).ok).toBe(
        true,
      )
    })

    it('reports the id of the key that matched', async () => {
      const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })
      const check = ed25519({
        header: 'x-sig',
        encoding: 'base64',
        keys: [
          { value: other, id: 'old' },
          { value: whpk, id: 'new' },
        ],
      })
      const result = await run(check, { headers: { 'x-sig': signature }, body }, 1700000000)
      expect(result.ok && result.webhook.keyId).toBe('new')
    })

    it.each([
      [
        'an ECDSA key',
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
          format: 'pem',
          type: 'spki',
        }),
        /ECDSA key/,
      ],
      ['a private key', pkcs8, /private key where a public key belongs/],
      [
        'a private JWK',
        pair.privateKey.export({ format: 'jwk' }),
        /private key where a public key belongs/,
      ],
      ['an HMAC secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /HMAC secret/],
      ['31 bytes of hex', raw.toString('hex').slice(2), /expected an Ed25519 public key/],
      [
        'a short whpk_ key',
        'whpk_' + raw.subarray(1).toString('base64'),
        /expected an Ed25519 public key/,
      ],
      [
        'an X25519 key',
        generateKeyPairSync('x25519').publicKey.export({ format: 'pem', type: 'spki' }),
        /unsupported key algorithm/,
      ],
    ])('rejects %s with a WebhookConfigError', (_name, keys, pattern) => {
      const make = () =>
        ed25519({ header: 'x-sig', encoding: 'base64', keys: keys as Ed25519Options['keys'] })
      expect(make).toThrow(WebhookConfigError)
      expect(make).toThrow(pattern)
    })
  })
})
