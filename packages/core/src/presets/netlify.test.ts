/**
 * Netlify: `X-Webhook-Signature` is an HS256 JWS with `iss: netlify` and `sha256` (hex SHA-256 of
 * the body). Tokens are made with jose and node:crypto, never with the code under test.
 */
import { createHash, createHmac } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult, type WebhookRequest } from '../index.js'
import { signRequest } from '../testing/index.js'

const SECRET = 'netlify-jws-secret-token'
const KEY = new TextEncoder().encode(SECRET)
const BODY = '{"id":"5ebc34bf4fea0b01f02efa3a","state":"ready","name":"www-jvt-me"}'
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const sha = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex')
const token = (claims: Record<string, unknown>, key = KEY, alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key)
const verify = (request: WebhookRequest): Promise<VerifyResult> =>
  createVerifier(presets.netlify({ secret: SECRET }), { clock: () => NOW }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const signed = (jws: string, body = BODY): WebhookRequest => ({
  headers: { 'X-Webhook-Signature': jws },
  body,
})
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')

describe('netlify', () => {
  it('accepts an HS256 JWS with iss netlify and the body hash, reporting its name', async () => {
    const result = await verify(signed(await token({ iss: 'netlify', sha256: sha(BODY) })))
    expect(result.ok && result.webhook.check).toBe('netlify')
  })

  it('accepts a token with an exp still in the future', async () => {
    const jws = await token({ iss: 'netlify', sha256: sha(BODY), exp: NOW / 1000 + 60 })
    expect(code(await verify(signed(jws)))).toBe('accepted')
  })

  it('rejects a tampered body: SIGNATURE_MISMATCH', async () => {
    const jws = await token({ iss: 'netlify', sha256: sha(BODY) })
    expect(code(await verify(signed(jws, `${BODY} `)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a token made with another secret: SIGNATURE_MISMATCH', async () => {
    const jws = await token({ iss: 'netlify', sha256: sha(BODY) }, new TextEncoder().encode('x'))
    expect(code(await verify(signed(jws)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it.each([
    ['another issuer', { iss: 'someone', sha256: sha(BODY) }],
    ['no issuer', { sha256: sha(BODY) }],
    ['no body hash', { iss: 'netlify' }],
    [
      'a Base64 body hash',
      { iss: 'netlify', sha256: createHash('sha256').update(BODY).digest('base64') },
    ],
  ])('rejects a genuine token with %s: SIGNATURE_MISMATCH', async (_, claims) => {
    expect(code(await verify(signed(await token(claims))))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects HS512 and alg none, whatever the signature: SIGNATURE_MISMATCH', async () => {
    const claims = b64url(JSON.stringify({ iss: 'netlify', sha256: sha(BODY) }))
    for (const alg of ['HS512', 'none']) {
      const head = b64url(JSON.stringify({ alg }))
      const mac = createHmac('sha256', SECRET).update(`${head}.${claims}`).digest()
      expect(code(await verify(signed(`${head}.${claims}.${b64url(mac)}`)))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    }
  })

  it('rejects a token past its exp: TIMESTAMP_TOO_OLD', async () => {
    const jws = await token({ iss: 'netlify', sha256: sha(BODY), exp: NOW / 1000 - 1 })
    expect(code(await verify(signed(jws)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })

  it.each([
    ['two segments', 'eyJhbGciOiJIUzI1NiJ9.e30'],
    ['padding in a segment', 'eyJhbGciOiJIUzI1NiJ9=.e30.c2ln'],
    ['a header that is not JSON', `${b64url('alg')}.e30.${b64url(Buffer.alloc(32))}`],
    ['a short signature', `${b64url('{"alg":"HS256"}')}.e30.${b64url('sig')}`],
    ['a crit header', `${b64url('{"alg":"HS256","crit":["x"]}')}.e30.${b64url(Buffer.alloc(32))}`],
  ])('rejects %s: SIGNATURE_MALFORMED', async (_, jws) => {
    expect(code(await verify(signed(jws)))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('rejects a delivery without the header: SIGNATURE_MISSING', async () => {
    expect(code(await verify({ headers: {}, body: BODY }))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signRequest makes a token jose verifies with the claims Netlify sends', async () => {
    const { headers } = await signRequest(presets.netlify({ secret: SECRET }), { body: BODY })
    const { payload, protectedHeader } = await jwtVerify(
      headers['x-webhook-signature'] ?? '',
      KEY,
      {
        algorithms: ['HS256'],
        issuer: 'netlify',
      },
    )
    expect(protectedHeader.alg).toBe('HS256')
    expect(payload['sha256']).toBe(sha(BODY))
  })

  it('reports the matching secret during a rotation', async () => {
    const check = presets.netlify({
      secret: [
        { value: 'new-secret', id: 'new' },
        { value: SECRET, id: 'old' },
      ],
    })
    const result = await createVerifier(check, { clock: () => NOW }).verify(
      signed(await token({ iss: 'netlify', sha256: sha(BODY) })),
    )
    expect(result.ok && result.webhook.keyId).toBe('old')
  })
})
