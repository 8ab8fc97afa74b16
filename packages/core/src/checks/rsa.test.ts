import {
  constants,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { implementation } from '#crypto'
import { readCertificate } from '../lib/rsa-key.js'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  rsa,
  WebhookConfigError,
  WebhookVerificationError,
  type Check,
  type RsaOptions,
  type VerifyResult,
} from '../index.js'

// Expected signatures come from node:crypto directly, never from the code under test.
const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 })
const rsa3072 = generateKeyPairSync('rsa', { modulusLength: 3072 })
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 })
const fixture = JSON.parse(
  readFileSync(new URL('../../../../test/vectors/rsa-certificate.json', import.meta.url), 'utf8'),
) as { certificate: string; privateKey: string; publicKey: string }

const spkiPem = (key: KeyObject) => key.export({ format: 'pem', type: 'spki' }) as string
const body = Buffer.from('{"event_type":"transfers#state-change","data":{"amount":"10.00"}}')

type Padding = 'pkcs1' | 'pss'
function nodeSignature(
  privateKey: KeyObject,
  data: Uint8Array,
  padding: Padding = 'pkcs1',
  hash = 'sha256',
  saltLength?: number,
): string {
  return nodeSign(hash, data, {
    key: privateKey,
    padding: padding === 'pss' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING,
    ...(padding === 'pss' ? { saltLength: saltLength ?? (hash === 'sha256' ? 32 : 64) } : {}),
  }).toString('base64')
}

const check = (options: Partial<RsaOptions> = {}): Check =>
  rsa({
    header: 'x-signature',
    encoding: 'base64',
    publicKey: spkiPem(rsa2048.publicKey),
    ...options,
  })

async function verify(c: Check, signature: string, data: Uint8Array = body): Promise<VerifyResult> {
  return createVerifier(c).verify({ headers: { 'x-signature': signature }, body: data })
}

function expectCode(result: VerifyResult, code: string): void {
  expect(result.ok).toBe(false)
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(WebhookVerificationError)
    expect(result.error.code).toBe(code)
  }
}

describe(`rsa (${implementation} crypto)`, () => {
  it('accepts a PKCS #1 v1.5 SHA-256 signature made by node:crypto', async () => {
    const result = await verify(check(), nodeSignature(rsa2048.privateKey, body))
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.webhook.check).toBe('rsa')
  })

  it('rejects a tampered body', async () => {
    const signature = nodeSignature(rsa2048.privateKey, body)
    const tampered = Buffer.from(body)
    tampered.writeUInt8(tampered.readUInt8(5) ^ 1, 5)
    expectCode(await verify(check(), signature, tampered), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a signature from another key of the same size', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const result = await verify(check(), nodeSignature(other.privateKey, body))
    expectCode(result, 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a signature whose length is not the key modulus length as malformed', async () => {
    const result = await verify(check(), nodeSignature(rsa3072.privateKey, body))
    expectCode(result, 'ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expectCode(await verify(check(), 'not base64!'), 'ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a PSS signature on a PKCS #1 check and the other way round', async () => {
    const pss = nodeSignature(rsa2048.privateKey, body, 'pss')
    const pkcs1 = nodeSignature(rsa2048.privateKey, body, 'pkcs1')
    expectCode(await verify(check(), pss), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expectCode(await verify(check({ padding: 'pss' }), pkcs1), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect((await verify(check({ padding: 'pss' }), pss)).ok).toBe(true)
  })

  it('requires a PSS salt as long as the digest', async () => {
    const salt20 = nodeSignature(rsa2048.privateKey, body, 'pss', 'sha256', 20)
    expectCode(await verify(check({ padding: 'pss' }), salt20), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it.each(['pkcs1', 'pss'] as const)(
    'verifies %s with SHA-512 and refuses SHA-256 there',
    async (padding) => {
      const c = check({ padding, hash: 'SHA-512', publicKey: spkiPem(rsa3072.publicKey) })
      expect((await verify(c, nodeSignature(rsa3072.privateKey, body, padding, 'sha512'))).ok).toBe(
        true,
      )
      expectCode(
        await verify(c, nodeSignature(rsa3072.privateKey, body, padding, 'sha256')),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    },
  )

  it('verifies an empty body and non-UTF-8 bytes', async () => {
    for (const data of [new Uint8Array(), new Uint8Array([0xff, 0xfe, 0x00, 0x80])]) {
      expect((await verify(check(), nodeSignature(rsa2048.privateKey, data), data)).ok).toBe(true)
    }
  })

  it('reports a missing header', async () => {
    const result = await createVerifier(check()).verify({ headers: {}, body })
    expectCode(result, 'ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('refuses keys under 2048 bits at construction', () => {
    const build = () => check({ publicKey: spkiPem(rsa1024.publicKey) })
    expect(build).toThrow(WebhookConfigError)
    expect(build).toThrow(
      'rsa: the RSA key has 1024 bits; at least 2048 are required (NIST SP 800-131A)',
    )
  })

  it('refuses private keys, EC keys and a missing key with config errors', () => {
    const pkcs8 = rsa2048.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    expect(() => check({ publicKey: pkcs8 })).toThrow(
      'rsa: got a private key where a public key belongs; pass only the public half (BEGIN PUBLIC KEY)',
    )
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    expect(() => check({ publicKey: spkiPem(ec.publicKey) })).toThrow(WebhookConfigError)
    expect(() => rsa({ header: 'x-signature', encoding: 'base64' })).toThrow(
      'rsa: publicKey is required',
    )
    expect(() => check({ padding: 'oaep' as never })).toThrow(
      "rsa: padding must be 'pkcs1' or 'pss'",
    )
    expect(() => check({ hash: 'SHA-1' as never })).toThrow(
      "rsa: hash must be 'SHA-256' or 'SHA-512'",
    )
  })

  it.each([
    ['PEM SPKI', () => spkiPem(rsa2048.publicKey)],
    ['PEM PKCS #1', () => rsa2048.publicKey.export({ format: 'pem', type: 'pkcs1' }) as string],
    [
      'Base64 DER SPKI',
      () => rsa2048.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    ],
    ['DER bytes', () => new Uint8Array(rsa2048.publicKey.export({ format: 'der', type: 'spki' }))],
    ['JWK', () => rsa2048.publicKey.export({ format: 'jwk' })],
    ['JWKS', () => ({ keys: [{ ...rsa2048.publicKey.export({ format: 'jwk' }), kid: 'k1' }] })],
    ['KeyObject', () => rsa2048.publicKey],
  ])('takes the key as %s', async (_name, key) => {
    const result = await verify(
      check({ publicKey: key() as never }),
      nodeSignature(rsa2048.privateKey, body),
    )
    expect(result.ok).toBe(true)
  })

  it('takes an X.509 certificate and uses its key (compared with X509Certificate)', async () => {
    const cert = new X509Certificate(fixture.certificate)
    const fields = readCertificate(new Uint8Array(cert.raw))
    const spki = cert.publicKey.export({ format: 'der', type: 'spki' })
    expect(Buffer.from(fields!.spki).equals(spki)).toBe(true)
    expect(fields!.notBefore).toBe(Date.parse(cert.validFrom))
    expect(fields!.notAfter).toBe(Date.parse(cert.validTo))
    const cn = cert.subject.split('\n').find((line) => line.startsWith('CN='))
    expect(fields!.commonNames).toEqual([cn?.slice(3)])
    expect(cert.publicKey.equals(createPublicKey(fixture.publicKey))).toBe(true)
    const signature = nodeSign('sha256', body, fixture.privateKey).toString('base64')
    expect((await verify(check({ publicKey: fixture.certificate }), signature)).ok).toBe(true)
  })

  it('reports the matched key id while rotating', async () => {
    const c = check({
      publicKey: [
        { value: spkiPem(rsa3072.publicKey), id: 'new' },
        { value: spkiPem(rsa2048.publicKey), id: 'old' },
      ],
    })
    const result = await verify(c, nodeSignature(rsa2048.privateKey, body))
    expect(result.ok && result.webhook.keyId).toBe('old')
  })

  it('refuses a JWK whose alg names another scheme', () => {
    const jwk = { ...rsa2048.publicKey.export({ format: 'jwk' }), alg: 'PS256' }
    expect(() => check({ publicKey: jwk })).toThrow(
      'rsa: the JWK alg does not match this check (RS256)',
    )
  })

  it.each(['pkcs1', 'pss'] as const)(
    'signRequest (%s) round-trips with a PKCS #8 key',
    async (padding) => {
      const c = check({ padding })
      const privateKey = rsa2048.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
      const signed = await signRequest(c, { body: 'hello', privateKey })
      const result = await createVerifier(c).verify({ headers: signed.headers, body: signed.body })
      expect(result.ok).toBe(true)
    },
  )
})
