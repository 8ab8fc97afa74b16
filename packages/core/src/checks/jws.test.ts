import { createHash, generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CompactSign, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { implementation } from '#crypto'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  jws,
  presets,
  WebhookConfigError,
  WebhookVerificationError,
  type Check,
  type JwsOptions,
  type VerifyResult,
} from '../index.js'

const NOW = 1700000000
const body =
  '{"webhook_type":"TRANSACTIONS","webhook_code":"SYNC_UPDATES_AVAILABLE","item_id":"wz666MBjYWTp2PDzzggYhM6oWWmBb"}'
const bodyHash = createHash('sha256').update(body).digest('hex')
const es256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const publicJwk = {
  ...es256.publicKey.export({ format: 'jwk' }),
  kid: 'plaid-key-1',
  alg: 'ES256',
  use: 'sig',
}
const privateJwk = es256.privateKey.export({ format: 'jwk' })
const b64url = (text: string) => Buffer.from(text).toString('base64url')

function token(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  key: object = privateJwk,
) {
  return new SignJWT({ request_body_sha256: bodyHash, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'plaid-key-1', typ: 'JWT', ...header } as {
      alg: string
    })
    .setIssuedAt(NOW)
    .sign(key as Parameters<SignJWT['sign']>[0])
}

/** Any claims, as raw JSON (SignJWT would fix up `iat`). */
function compact(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
  crit?: Record<string, boolean>,
) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'ES256', kid: 'plaid-key-1', ...header })
    .sign(privateJwk as Parameters<CompactSign['sign']>[0], crit === undefined ? {} : { crit })
}

async function run(check: Check, jwt: string, payload = body, now = NOW): Promise<VerifyResult> {
  return createVerifier(check, { clock: () => now * 1000 }).verify({
    headers: { 'Plaid-Verification': jwt },
    body: payload,
  })
}

function expectCode(result: VerifyResult, code: string): void {
  expect(result.ok).toBe(false)
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(WebhookVerificationError)
    expect(result.error.code).toBe(code)
  }
}

describe(`jws / plaid (${implementation} crypto)`, () => {
  const check = presets.plaid({ keys: [publicJwk] })

  it('accepts an ES256 token signed by jose, binding the body', async () => {
    const result = await run(check, await token())
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.webhook.check).toBe('plaid')
      expect(result.webhook.keyId).toBe('plaid-key-1')
      expect(result.webhook.timestamp?.getTime()).toBe(NOW * 1000)
    }
  })

  it('rejects a different body (the hash claim no longer matches)', async () => {
    expectCode(await run(check, await token(), body + ' '), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it.each([
    [
      'a wrong body hash',
      { request_body_sha256: createHash('sha256').update('other').digest('hex') },
    ],
    ['a missing body hash', { request_body_sha256: undefined }],
    ['a body hash that is not hex', { request_body_sha256: 'z'.repeat(64) }],
  ])('rejects %s', async (_name, claims) => {
    expectCode(await run(check, await token(claims)), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects an iat older or newer than 5 minutes, and a token without iat', async () => {
    expectCode(await run(check, await token(), body, NOW + 301), 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expectCode(await run(check, await token(), body, NOW - 301), 'ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
    expect((await run(check, await token(), body, NOW + 300)).ok).toBe(true)
    expectCode(
      await run(check, await compact({ request_body_sha256: bodyHash })),
      'ERR_WEBHOOK_TIMESTAMP_MISSING',
    )
    expectCode(
      await run(check, await compact({ iat: String(NOW), request_body_sha256: bodyHash })),
      'ERR_WEBHOOK_TIMESTAMP_INVALID',
    )
    expectCode(await run(check, await token({ exp: NOW - 1 })), 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })

  it('rejects alg none', async () => {
    const unsigned = `${b64url('{"alg":"none","kid":"plaid-key-1"}')}.${b64url(JSON.stringify({ iat: NOW, request_body_sha256: bodyHash }))}`
    expectCode(await run(check, `${unsigned}.`), 'ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expectCode(await run(check, `${unsigned}.AAAA`), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects HS256 keyed with the public key (algorithm confusion)', async () => {
    const pem = es256.publicKey.export({ format: 'pem', type: 'spki' }) as string
    for (const secret of [pem, JSON.stringify(publicJwk)]) {
      const forged = await new SignJWT({ request_body_sha256: bodyHash })
        .setProtectedHeader({ alg: 'HS256', kid: 'plaid-key-1' })
        .setIssuedAt(NOW)
        .sign(new TextEncoder().encode(secret))
      expectCode(await run(check, forged), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
    }
  })

  it('rejects a token signed by another key, an ES384 token and an unknown kid', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'jwk',
    })
    expectCode(await run(check, await token({}, {}, other)), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
      format: 'jwk',
    })
    expectCode(
      await run(check, await token({}, { alg: 'ES384' }, p384)),
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expectCode(
      await run(check, await token({}, { kid: 'unknown' })),
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['two segments', 'a.b'],
    ['a JSON array header', `${b64url('[1]')}.${b64url('{}')}.AAAA`],
    ['a header without alg', `${b64url('{"kid":"x"}')}.${b64url('{}')}.AAAA`],
    ['padding', `${b64url('{"alg":"ES256"}')}=.${b64url('{}')}.AAAA`],
    ['junk', '!!!.???.***'],
  ])('rejects %s as malformed', async (_name, jwt) => {
    expectCode(await run(check, jwt), 'ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a critical extension it cannot honour', async () => {
    const jwt = await compact(
      { iat: NOW, request_body_sha256: bodyHash },
      { crit: ['x-ext'], 'x-ext': 1 },
      { 'x-ext': true },
    )
    expectCode(await run(check, jwt), 'ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a missing header', async () => {
    const result = await createVerifier(check, { clock: () => NOW * 1000 }).verify({
      headers: {},
      body,
    })
    expectCode(result, 'ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('round-trips signRequest', async () => {
    const signed = await signRequest(check, {
      body,
      privateKey: { ...privateJwk, kid: 'plaid-key-1' },
    })
    expect(signed.headers['plaid-verification']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]{86}$/)
    expect((await createVerifier(check).verify(signed)).ok).toBe(true)
  })

  it('verifies EdDSA tokens when configured for them', async () => {
    const ed = generateKeyPairSync('ed25519')
    const edCheck = jws({
      header: 'plaid-verification',
      algorithms: ['EdDSA'],
      keys: ed.publicKey.export({ format: 'jwk' }),
    })
    const jwt = await token(
      {},
      { alg: 'EdDSA', kid: undefined },
      ed.privateKey.export({ format: 'jwk' }),
    )
    expect((await run(edCheck, jwt)).ok).toBe(true)
    expectCode(await run(edCheck, await token()), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it.each([
    ['none', ['none'], /never none or HS/],
    ['HS256', ['HS256'], /never none or HS/],
    ['RS256', ['RS256'], /never none or HS/],
    ['no algorithm', [], /algorithms is required/],
    ['mixed families', ['ES256', 'EdDSA'], /all ECDSA or only EdDSA/],
  ])('refuses %s in algorithms', (_name, algorithms, pattern) => {
    const make = () =>
      jws({ header: 'x', algorithms: algorithms as JwsOptions['algorithms'], keys: publicJwk })
    expect(make).toThrow(WebhookConfigError)
    expect(make).toThrow(pattern)
  })

  it('refuses a key the algorithms cannot use', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({
      format: 'jwk',
    })
    expect(() => presets.plaid({ keys: p384 })).toThrow(
      /P-384 key was given but algorithms allow only ES256/,
    )
    expect(() => presets.plaid({ keys: { kty: 'oct', k: 'c2VjcmV0' } })).toThrow(WebhookConfigError)
  })
})

describe(`plaid with a JWKS URL (${implementation} crypto)`, () => {
  const second = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  let served: object[] = [publicJwk]
  let status = 200
  let fetches = 0
  let server: Server
  let url: string

  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ keys: served }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('finds keys by kid and follows a rotation', async () => {
    served = [publicJwk]
    fetches = 0
    const check = presets.plaid({
      jwksUrl: url,
      jwksCache: { cooldown: 0, allowLoopbackHttp: true },
    })
    expect((await run(check, await token())).ok).toBe(true)
    served = [publicJwk, { ...second.publicKey.export({ format: 'jwk' }), kid: 'plaid-key-2' }]
    const rotated = await run(
      check,
      await token({}, { kid: 'plaid-key-2' }, second.privateKey.export({ format: 'jwk' })),
    )
    expect(rotated.ok && rotated.webhook.keyId).toBe('plaid-key-2')
    expect(fetches).toBe(2)
  })

  it('needs a kid in the token', async () => {
    const check = presets.plaid({ jwksUrl: url, jwksCache: { allowLoopbackHttp: true } })
    expectCode(
      await run(check, await token({}, { kid: undefined })),
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('answers 503 when the key set cannot be fetched', async () => {
    status = 503
    try {
      const result = await run(
        presets.plaid({ jwksUrl: url, jwksCache: { cooldown: 0, allowLoopbackHttp: true } }),
        await token(),
      )
      expectCode(result, 'ERR_WEBHOOK_KEY_UNAVAILABLE')
      if (!result.ok) expect(result.error.status).toBe(503)
    } finally {
      status = 200
    }
  })
})

describe(`plaid with a key resolver (${implementation} crypto)`, () => {
  const plaidKey = (kid: string, expiredAt: number | null = null) => ({
    ...publicJwk,
    kid,
    created_at: NOW - 1000,
    expired_at: expiredAt,
  })

  it('looks each kid up once, sharing calls in flight', async () => {
    const calls: string[] = []
    const check = presets.plaid({
      keys: async (kid) => {
        calls.push(kid)
        return kid === 'plaid-key-1' ? plaidKey(kid) : undefined
      },
    })
    const jwt = await token()
    const [a, b] = await Promise.all([run(check, jwt), run(check, jwt)])
    expect(a.ok && b.ok).toBe(true)
    expect((await run(check, jwt)).ok).toBe(true)
    expect(calls).toEqual(['plaid-key-1'])
  })

  it('makes one call per cooldown for a flood of unknown kids', async () => {
    const calls: string[] = []
    const check = presets.plaid({
      keys: async (kid) => {
        calls.push(kid)
        return undefined
      },
    })
    for (let i = 0; i < 10; i++) {
      expectCode(
        await run(check, await token({}, { kid: `made-up-${i}` })),
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    }
    expect(calls).toEqual(['made-up-0'])
  })

  it('honours expired_at', async () => {
    const check = presets.plaid({ keys: async (kid) => plaidKey(kid, NOW - 1) })
    expectCode(await run(check, await token()), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const later = presets.plaid({ keys: async (kid) => plaidKey(kid, NOW + 1) })
    expect((await run(later, await token())).ok).toBe(true)
  })

  it('answers 503 when the resolver throws', async () => {
    const check = presets.plaid({
      keys: async () => {
        throw new Error('plaid api down')
      },
    })
    const result = await run(check, await token())
    expectCode(result, 'ERR_WEBHOOK_KEY_UNAVAILABLE')
    if (!result.ok) expect(result.error.message).not.toContain('plaid api down')
  })
})
