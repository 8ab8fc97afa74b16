import { createSecretKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EventWebhook } from '@sendgrid/eventwebhook'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  ecdsa,
  memoryReplayStore,
  parseWebhookRequest,
  WebhookConfigError,
  WebhookVerificationError,
  type Check,
  type EcdsaOptions,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'
import { implementation } from '#crypto'
import {
  expectResult,
  loadVectors,
  toNow,
  toRequest,
  type BodyInput,
} from '../../../../test/vectors/vectors.js'

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')

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

function expectConfigError(make: () => unknown, pattern: RegExp): WebhookConfigError {
  let error: unknown
  try {
    make()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(WebhookConfigError)
  expect((error as WebhookConfigError).code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
  expect((error as Error).message).toMatch(pattern)
  return error as WebhookConfigError
}

interface AsymmetricVector {
  readonly check: EcdsaOptions
  readonly headers: Record<string, string>
  readonly body: BodyInput
  readonly now?: number
}

describe.each(loadVectors<AsymmetricVector>('ecdsa.json'))(
  `test/vectors/ecdsa.json (${implementation} crypto)`,
  (row) => {
    it(row.name, async () => {
      const verifier = createVerifier(ecdsa(row.input.check), { clock: () => toNow(row.input.now) })
      expectResult(await verifier.verify(toRequest(row.input)), row.expect)
    })
  },
)

describe(`ecdsa (${implementation} crypto)`, () => {
  describe('SendGrid SDK vector (V8)', () => {
    const publicKey =
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA=='
    const timestamp = '1588788367'
    const body = '{"category":"example_payload","event":"test_event","message_id":"message_id"}'
    const good =
      'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0='
    const bad =
      'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0='
    const check = ecdsa({
      name: 'sendgrid',
      header: 'X-Twilio-Email-Event-Webhook-Signature',
      timestamp: { header: 'X-Twilio-Email-Event-Webhook-Timestamp' },
      content: '{timestamp}{body}',
      encoding: 'base64',
      signatureFormat: 'der',
      keys: publicKey,
    })
    const request = (signature: string, payload = body): WebhookRequest => ({
      headers: {
        'X-Twilio-Email-Event-Webhook-Signature': signature,
        'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
      },
      body: payload,
    })
    const sdk = new EventWebhook()
    const sdkKey = sdk.convertPublicKeyToECDSA(publicKey)

    it('accepts the published signature, as the official SDK does', async () => {
      expect(sdk.verifySignature(sdkKey, body, good, timestamp)).toBe(true)
      const result = await run(check, request(good), 1588788367)
      expect(result.ok).toBe(true)
      if (result.ok) {
        expect(result.webhook.check).toBe('sendgrid')
        expect(result.webhook.timestamp?.getTime()).toBe(1588788367000)
      }
    })

    it('rejects the negative twin, as the official SDK does', async () => {
      expect(sdk.verifySignature(sdkKey, body, bad, timestamp)).toBe(false)
      expectCode(await run(check, request(bad), 1588788367), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
    })

    it('rejects the body with a trailing CRLF', async () => {
      expect(sdk.verifySignature(sdkKey, body + '\r\n', good, timestamp)).toBe(false)
      expectCode(
        await run(check, request(good, body + '\r\n'), 1588788367),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    })

    it('rejects the vector once it is older than the tolerance', async () => {
      expectCode(await run(check, request(good), 1588788367 + 301), 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
      expectCode(await run(check, request(good), 1588788367 - 301), 'ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
    })

    it('cross-checks signatures it makes with the official SDK', async () => {
      const { publicKey: pub, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const spki = b64(pub.export({ format: 'der', type: 'spki' }))
      const own = ecdsa({
        header: 'x-twilio-email-event-webhook-signature',
        timestamp: { header: 'x-twilio-email-event-webhook-timestamp' },
        content: '{timestamp}{body}',
        encoding: 'base64',
        signatureFormat: 'der',
        keys: spki,
      })
      const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' })
      const signed = await signRequest(own, { body, timestamp: 1700000000_000, privateKey: pkcs8 })
      const signature = signed.headers['x-twilio-email-event-webhook-signature']!
      expect(
        sdk.verifySignature(sdk.convertPublicKeyToECDSA(spki), body, signature, '1700000000'),
      ).toBe(true)
    })
  })

  describe('Monime-style ES256 (V2)', () => {
    const publicKey = [
      '-----BEGIN PUBLIC KEY-----',
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDJcyLG4NIOhNOps0xp8JLBZhcL+9',
      'PlT5bEsUukw2otmcI80lWFVxvL8t6O8lmOvvlv30+r5S5tgGj3Zg9nkwCQ==',
      '-----END PUBLIC KEY-----',
    ].join('\n')
    const body =
      '{"apiVersion":"2024-08-01","event":{"id":"wke-test","name":"payment.completed","timestamp":"1700000000"},"object":{"id":"spm-test","type":"payment"},"data":{"status":"completed"}}'
    const check = ecdsa({
      header: 'monime-signature',
      format: { pairs: 'v1' },
      timestamp: { param: 't' },
      content: '{timestamp}_{body}',
      encoding: ['base64', 'base64url'],
      signatureFormat: 'auto',
      keys: publicKey,
    })
    const header = (signature: string) => ({
      headers: { 'monime-signature': `t=1700000000,v1=${signature}` },
      body,
    })

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
    ])('accepts %s', async (_name, signature) => {
      expect((await run(check, header(signature), 1700000000)).ok).toBe(true)
    })

    it('rejects P1363 when only DER is allowed, and DER when only P1363 is', async () => {
      const der = ecdsa({ ...optionsOf(check), signatureFormat: 'der' } as EcdsaOptions)
      const p1363 = ecdsa({ ...optionsOf(check), signatureFormat: 'p1363' } as EcdsaOptions)
      expectCode(
        await run(
          der,
          header(
            'ohKXo1kvgs3HTWVqKUUHK+kAl1iAQ70shKsf3KTsziMATkhoHT0Hyiys66rP7v2pVFO/AYVUHxOMs5IvIlbRWQ==',
          ),
          1700000000,
        ),
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
      expectCode(
        await run(
          p1363,
          header(
            'MEQCIAShz78rb4xYuPKVxoeJRGB/IfDRgjFEf1icwipF3VxvAiB+A7yILqqjrbcfW6I8Nkb04ieCwezJNu0Fkuue737rGQ==',
          ),
          1700000000,
        ),
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
    })

    function optionsOf(_check: Check): EcdsaOptions {
      return {
        header: 'monime-signature',
        format: { pairs: 'v1' },
        timestamp: { param: 't' },
        content: '{timestamp}_{body}',
        encoding: ['base64', 'base64url'],
        keys: publicKey,
      }
    }
  })

  describe('key formats', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const spkiDer = pair.publicKey.export({ format: 'der', type: 'spki' })
    const spkiPem = pair.publicKey.export({ format: 'pem', type: 'spki' }) as string
    const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1' }
    const point = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x!, 'base64url'),
      Buffer.from(jwk.y!, 'base64url'),
    ])
    const pem = (label: string, der: Uint8Array) =>
      `-----BEGIN ${label}-----\n${b64(der).replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`
    const body = '{"event":"key formats"}'

    it.each([
      ['PEM SPKI', spkiPem],
      ['PEM with CRLF line ends', spkiPem.replace(/\n/g, '\r\n')],
      ['BEGIN EC PUBLIC KEY holding an SPKI', pem('EC PUBLIC KEY', spkiDer)],
      ['BEGIN EC PUBLIC KEY holding the bare point', pem('EC PUBLIC KEY', point)],
      ['Base64 DER SPKI', b64(spkiDer)],
      ['SPKI bytes', new Uint8Array(spkiDer)],
      ['uncompressed point bytes', new Uint8Array(point)],
      ['JWK', jwk],
      ['JWKS', { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'rsa' }, jwk] }],
      ['a Node KeyObject', pair.publicKey],
    ] as const)('accepts a key given as %s', async (_name, keys) => {
      const check = ecdsa({ header: 'x-sig', encoding: 'base64', keys })
      const signature = nodeSign('sha256', Buffer.from(body), pair.privateKey)
      const result = await run(check, { headers: { 'x-sig': b64(signature) }, body }, 1700000000)
      expect(result.ok).toBe(true)
    })

    it('reports the JWK kid, or the entry id, as keyId', async () => {
      const signature = b64(nodeSign('sha256', Buffer.from(body), pair.privateKey))
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
        format: 'jwk',
      })
      const fromJwks = ecdsa({
        header: 'x-sig',
        encoding: 'base64',
        keys: { keys: [{ ...other, kid: 'k0' }, jwk] },
      })
      const fromEntry = ecdsa({
        header: 'x-sig',
        encoding: 'base64',
        keys: [{ value: spkiPem, id: 'pem-key' }],
      })
      for (const [check, id] of [
        [fromJwks, 'k1'],
        [fromEntry, 'pem-key'],
      ] as const) {
        const result = await run(check, { headers: { 'x-sig': signature }, body }, 1700000000)
        expect(result.ok && result.webhook.keyId).toBe(id)
      }
    })

    it('skips keys outside their validity window', async () => {
      const signature = b64(nodeSign('sha256', Buffer.from(body), pair.privateKey))
      const check = ecdsa({
        header: 'x-sig',
        encoding: 'base64',
        keys: [{ value: spkiPem, id: 'old', notAfter: '2023-01-01T00:00:00Z' }],
      })
      expectCode(
        await run(check, { headers: { 'x-sig': signature }, body }, 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
      expect((await run(check, { headers: { 'x-sig': signature }, body }, 1600000000)).ok).toBe(
        true,
      )
    })
  })

  describe.each([
    ['P-384', 'sha384', 96],
    ['P-521', 'sha512', 132],
  ] as const)('%s', (curve, hash, p1363Length) => {
    const pair = generateKeyPairSync('ec', { namedCurve: curve })
    const body = `{"curve":"${curve}"}`
    const check = ecdsa({
      header: 'x-sig',
      encoding: 'base64',
      keys: pair.publicKey.export({ format: 'jwk' }),
    })

    it.each(['der', 'ieee-p1363'] as const)(
      'accepts a %s signature made by node:crypto',
      async (dsaEncoding) => {
        const signature = nodeSign(hash, Buffer.from(body), { key: pair.privateKey, dsaEncoding })
        if (dsaEncoding === 'ieee-p1363') expect(signature.length).toBe(p1363Length)
        expect(
          (await run(check, { headers: { 'x-sig': b64(signature) }, body }, 1700000000)).ok,
        ).toBe(true)
      },
    )

    it('rejects a SHA-256 signature (the hash is tied to the curve)', async () => {
      const signature = nodeSign('sha256', Buffer.from(body), pair.privateKey)
      expectCode(
        await run(check, { headers: { 'x-sig': b64(signature) }, body }, 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    })

    it('is pinned by curve: a P-256 key is a config error', () => {
      const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
        format: 'jwk',
      })
      expectConfigError(
        () => ecdsa({ header: 'x-sig', encoding: 'base64', curve, keys: p256 }),
        new RegExp(`P-256 key .* curve is '${curve}'`),
      )
    })
  })

  describe('tampering and malformed signatures', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const body = '{"amount":100}'
    const check = ecdsa({
      header: 'x-sig',
      timestamp: { header: 'x-ts' },
      content: '{timestamp}.{body}',
      encoding: 'base64',
      keys: pair.publicKey.export({ format: 'pem', type: 'spki' }) as string,
    })
    const der = nodeSign('sha256', Buffer.from(`1700000000.${body}`), pair.privateKey)
    const request = (
      signature: Uint8Array | string,
      ts = '1700000000',
      payload = body,
    ): WebhookRequest => ({
      headers: { 'x-sig': typeof signature === 'string' ? signature : b64(signature), 'x-ts': ts },
      body: payload,
    })

    it('accepts the untouched request', async () => {
      expect((await run(check, request(der), 1700000000)).ok).toBe(true)
    })

    it.each([
      ['a changed body', request(der, '1700000000', '{"amount":900}')],
      ['a changed timestamp', request(der, '1700000001')],
      [
        'a flipped signature bit',
        request(Buffer.from(der.map((b, i) => (i === der.length - 1 ? b ^ 1 : b)))),
      ],
    ])('rejects %s', async (_name, req) => {
      expectCode(await run(check, req, 1700000000), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
    })

    it.each([
      ['truncated DER', der.subarray(0, der.length - 1)],
      ['DER with a trailing byte', Buffer.concat([der, Buffer.from([0])])],
      ['DER with a wrong tag', Buffer.concat([Buffer.from([0x31]), der.subarray(1)])],
      ['63 bytes', Buffer.alloc(63, 1)],
    ])('rejects %s as malformed', async (_name, signature) => {
      expectCode(
        await run(check, request(signature), 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
    })

    it('rejects junk and the wrong alphabet as malformed', async () => {
      expectCode(
        await run(check, request('not base64!'), 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
      expectCode(
        await run(check, request(`-_${b64url(der)}`), 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
    })

    it('rejects a missing header and a missing timestamp', async () => {
      expectCode(
        await run(check, { headers: { 'x-ts': '1700000000' }, body }, 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MISSING',
      )
      expectCode(
        await run(check, { headers: { 'x-sig': b64(der) }, body }, 1700000000),
        'ERR_WEBHOOK_TIMESTAMP_MISSING',
      )
    })

    it('accepts a high-S signature (ECDSA allows both), with the replay key of the low-S one', async () => {
      const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
      const p1363 = nodeSign('sha256', Buffer.from(`1700000000.${body}`), {
        key: pair.privateKey,
        dsaEncoding: 'ieee-p1363',
      })
      const s = BigInt('0x' + p1363.subarray(32).toString('hex'))
      const flipped = Buffer.concat([
        p1363.subarray(0, 32),
        Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'),
      ])
      const context = { now: 1700000000_000, tolerance: undefined }
      const low = await check.verify(parseWebhookRequest(request(p1363)), context)
      const high = await check.verify(parseWebhookRequest(request(flipped)), context)
      const derForm = await check.verify(parseWebhookRequest(request(der)), context)
      expect(low.ok && high.ok && derForm.ok).toBe(true)
      if (low.ok && high.ok && derForm.ok) {
        expect(high.replayKey).toBe(low.replayKey)
        expect(derForm.replayKey).toBe(low.replayKey)
      }
    })

    it('treats a re-encoded or high-S copy of a delivery as a replay', async () => {
      const verifier = createVerifier(check, {
        clock: () => 1700000000_000,
        replay: memoryReplayStore(),
      })
      const p1363 = nodeSign('sha256', Buffer.from(`1700000000.${body}`), {
        key: pair.privateKey,
        dsaEncoding: 'ieee-p1363',
      })
      expect((await verifier.verify(request(der))).ok).toBe(true)
      expectCode(await verifier.verify(request(p1363)), 'ERR_WEBHOOK_REPLAYED')
    })
  })

  describe('config errors for wrong key material', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const ed = generateKeyPairSync('ed25519')
    const make =
      (keys: unknown, extra: Partial<EcdsaOptions> = {}) =>
      () =>
        ecdsa({ header: 'x-sig', encoding: 'base64', keys, ...extra } as EcdsaOptions)
    const jwk = ec.publicKey.export({ format: 'jwk' })

    it.each([
      ['an HMAC secret', 'my-webhook-secret-0123456789', /expected an ECDSA .*public key/],
      ['a whsec_ secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /HMAC secret/],
      [
        'a PKCS #8 private key',
        ec.privateKey.export({ format: 'pem', type: 'pkcs8' }),
        /private key where a public key belongs/,
      ],
      [
        'a SEC1 private key',
        ec.privateKey.export({ format: 'pem', type: 'sec1' }),
        /private key where a public key belongs/,
      ],
      [
        'Base64 DER PKCS #8',
        b64(ec.privateKey.export({ format: 'der', type: 'pkcs8' })),
        /private key where a public key belongs/,
      ],
      [
        'a private JWK',
        ec.privateKey.export({ format: 'jwk' }),
        /private key where a public key belongs/,
      ],
      ['an RSA PEM key', rsa.publicKey.export({ format: 'pem', type: 'spki' }), /RSA key/],
      ['an RSA PKCS #1 key', rsa.publicKey.export({ format: 'pem', type: 'pkcs1' }), /RSA key/],
      ['an RSA JWK', rsa.publicKey.export({ format: 'jwk' }), /RSA JWK/],
      ['an HMAC JWK', { kty: 'oct', k: 'c2VjcmV0' }, /symmetric/],
      ['an Ed25519 key', ed.publicKey.export({ format: 'pem', type: 'spki' }), /Ed25519 key/],
      [
        'a secp256k1 key',
        generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({
          format: 'pem',
          type: 'spki',
        }),
        /unsupported/,
      ],
      ['a point off the curve', { ...jwk, y: jwk.x }, /not a point on P-256/],
      ['a JWK with the wrong alg', { ...jwk, alg: 'ES384' }, /alg does not match/],
      ['an encryption JWK', { ...jwk, use: 'enc' }, /not for signatures/],
      [
        'broken PEM',
        '-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----',
        /malformed PEM/,
      ],
      ['a number', 42, /expected an ECDSA/],
      ['a private KeyObject', ec.privateKey, /private key where a public key belongs/],
      ['a secret KeyObject', createSecretKey(Buffer.from('secret')), /secret \(HMAC\) key/],
      ['an empty array', [], /at least one/],
    ])('rejects %s with a WebhookConfigError', (_name, keys, pattern) => {
      const error = expectConfigError(make(keys), pattern)
      if (typeof keys === 'string' && keys.length > 20)
        expect(error.message).not.toContain(keys.slice(20, 40))
    })

    it('rejects a P-384 key for a P-256 check', () => {
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({
        format: 'pem',
        type: 'spki',
      })
      expectConfigError(make(p384, { curve: 'P-256' }), /P-384 key was given but curve is 'P-256'/)
    })

    it('rejects bad options', () => {
      expectConfigError(make(jwk, { signatureFormat: 'raw' as never }), /signatureFormat/)
      expectConfigError(make(jwk, { curve: 'P-192' as never }), /curve must be/)
      expectConfigError(make(jwk, { encoding: [] }), /encoding is required/)
      expectConfigError(
        make(jwk, { jwksUrl: 'https://example.test/jwks' }),
        /either keys or jwksUrl/,
      )
      expectConfigError(make(undefined), /either keys or jwksUrl/)
      expectConfigError(make(undefined, { jwksUrl: 'https://example.test/jwks' }), /needs keyId/)
      expectConfigError(
        make(undefined, { jwksUrl: 'file:///etc/jwks', keyId: { header: 'x-kid' } }),
        /https: URL/,
      )
      expectConfigError(make(jwk, { keyId: { param: 'kid' } }), /needs format \{ pairs/)
      expectConfigError(make(jwk, { keyId: { header: '' } }), /keyId must be/)
    })
  })

  describe('signRequest', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const check = ecdsa({
      header: 'x-sig',
      encoding: 'base64url',
      signatureFormat: 'p1363',
      keys: pair.publicKey.export({ format: 'jwk' }),
    })
    const body = '{"signed":"by signRequest"}'

    const keys: [string, unknown][] = [
      ['PEM PKCS #8', pair.privateKey.export({ format: 'pem', type: 'pkcs8' })],
      ['a JWK', pair.privateKey.export({ format: 'jwk' })],
    ]
    // KeyObject is Node's own: only the node side of the seam takes it.
    if ((implementation as string) === 'node') keys.push(['a KeyObject', pair.privateKey])
    it.each(keys)('signs with %s', async (_name, privateKey) => {
      const signed = await signRequest(check, { body, privateKey })
      expect(signed.headers['x-sig']).toMatch(/^[A-Za-z0-9_-]{86}$/)
      expect((await createVerifier(check).verify(signed)).ok).toBe(true)
    })

    it('signs with a CryptoKey', async () => {
      const jwk = pair.privateKey.export({ format: 'jwk' })
      const cryptoKey = await crypto.subtle.importKey(
        'jwk',
        jwk,
        { name: 'ECDSA', namedCurve: 'P-256' },
        false,
        ['sign'],
      )
      const signed = await signRequest(check, { body, privateKey: cryptoKey })
      expect((await createVerifier(check).verify(signed)).ok).toBe(true)
    })

    it('needs a private key of the right kind', async () => {
      await expect(signRequest(check, { body })).rejects.toThrow(WebhookConfigError)
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
        format: 'jwk',
      })
      await expect(
        signRequest(check, { body, privateKey: { ...p384, crv: 'P-256', x: 'AA', y: 'AA' } }),
      ).rejects.toThrow(WebhookConfigError)
      await expect(
        signRequest(check, {
          body,
          privateKey: pair.publicKey.export({ format: 'pem', type: 'spki' }),
        }),
      ).rejects.toThrow(/PKCS #8/)
    })
  })
})

describe(`ecdsa with a JWKS URL (${implementation} crypto)`, () => {
  const keyA = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const keyB = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwkOf = (key: KeyObject, kid: string) => ({
    ...key.export({ format: 'jwk' }),
    kid,
    use: 'sig',
  })
  let served: object[] = [jwkOf(keyA.publicKey, 'a')]
  let status = 200
  let fetches = 0
  let server: Server
  let url: string
  const body = '{"event":"remote"}'

  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ keys: served }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const make = (cooldown: number) =>
    ecdsa({
      header: 'x-sig',
      format: { pairs: 'v1' },
      keyId: { param: 'kid' },
      timestamp: { param: 't' },
      content: '{timestamp}.{body}',
      encoding: 'base64',
      jwksUrl: url,
      jwksCache: { cooldown, allowLoopbackHttp: true },
    })
  const request = (kid: string, key: KeyObject): WebhookRequest => ({
    headers: {
      'x-sig': `kid=${kid},t=1700000000,v1=${b64(nodeSign('sha256', Buffer.from(`1700000000.${body}`), key))}`,
    },
    body,
  })

  it('fetches once, reports the kid, and picks up a rotated key by kid', async () => {
    served = [jwkOf(keyA.publicKey, 'a')]
    fetches = 0
    const check = make(0)
    const first = await run(check, request('a', keyA.privateKey), 1700000000)
    expect(first.ok && first.webhook.keyId).toBe('a')
    expect((await run(check, request('a', keyA.privateKey), 1700000000)).ok).toBe(true)
    expect(fetches).toBe(1)
    served = [jwkOf(keyA.publicKey, 'a'), jwkOf(keyB.publicKey, 'b')]
    const rotated = await run(check, request('b', keyB.privateKey), 1700000000)
    expect(rotated.ok && rotated.webhook.keyId).toBe('b')
    expect(fetches).toBe(2)
    // The right kid with the wrong key's signature still fails.
    expectCode(
      await run(check, request('b', keyA.privateKey), 1700000000),
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('does not refetch for a flood of unknown kids during the cooldown', async () => {
    served = [jwkOf(keyA.publicKey, 'a')]
    fetches = 0
    const check = make(60_000)
    expect((await run(check, request('a', keyA.privateKey), 1700000000)).ok).toBe(true)
    for (let i = 0; i < 20; i++) {
      expectCode(
        await run(check, request(`unknown-${i}`, keyA.privateKey), 1700000000),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    }
    expect(fetches).toBe(1)
  })

  it('never fetches for a request that fails before the key is needed', async () => {
    fetches = 0
    const check = make(0)
    expectCode(
      await run(check, request('a', keyA.privateKey), 1800000000),
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    )
    expectCode(
      await run(check, { headers: { 'x-sig': 't=1700000000,v1=AAAA' }, body }, 1700000000),
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(fetches).toBe(0)
  })

  it('answers 503 ERR_WEBHOOK_KEY_UNAVAILABLE when the set cannot be fetched', async () => {
    status = 500
    try {
      const result = await run(make(0), request('a', keyA.privateKey), 1700000000)
      expectCode(result, 'ERR_WEBHOOK_KEY_UNAVAILABLE')
      if (!result.ok) expect(result.error.status).toBe(503)
    } finally {
      status = 200
    }
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const unreachable = ecdsa({ ...makeOptions(), jwksUrl: `http://127.0.0.1:${port}/jwks.json` })
    expectCode(
      await run(unreachable, request('a', keyA.privateKey), 1700000000),
      'ERR_WEBHOOK_KEY_UNAVAILABLE',
    )
  })

  it('signs with the kid in the header pairs', async () => {
    served = [jwkOf(keyA.publicKey, 'a')]
    const check = make(0)
    const signed = await signRequest(check, {
      body,
      privateKey: { ...keyA.privateKey.export({ format: 'jwk' }), kid: 'a' },
    })
    expect(signed.headers['x-sig']).toMatch(/^kid=a,t=\d+,v1=/)
    expect((await createVerifier(check).verify(signed)).ok).toBe(true)
  })

  function makeOptions(): EcdsaOptions {
    return {
      header: 'x-sig',
      format: { pairs: 'v1' },
      keyId: { param: 'kid' },
      timestamp: { param: 't' },
      content: '{timestamp}.{body}',
      encoding: 'base64',
      jwksCache: { cooldown: 0, allowLoopbackHttp: true },
    }
  }
})
