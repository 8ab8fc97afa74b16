import { describe, expect, it } from 'vitest'
import { loadVectors, toNow, type NowInput } from '../../../../test/vectors/vectors.js'
import { WebhookConfigError } from '../errors.js'
import {
  basicAuth,
  createVerifier,
  parseBasicAuth,
  type BasicAuthCredential,
  type BasicAuthOptions,
} from '../index.js'
import { signRequest } from '../testing/index.js'

interface BasicAuthVector {
  readonly credentials: BasicAuthCredential[]
  readonly authorization?: string
  readonly now?: NowInput
}

describe('basicAuth vectors (basic-auth.json)', () => {
  it.each(loadVectors<BasicAuthVector>('basic-auth.json'))(
    '$name',
    async ({ input, expect: expected }) => {
      const now = toNow(input.now)
      const verifier = createVerifier(basicAuth({ credentials: input.credentials }), {
        clock: () => now,
      })
      const headers: Record<string, string> =
        input.authorization === undefined ? {} : { authorization: input.authorization }
      const result = await verifier.verify({ headers, body: '' })
      if ('code' in expected) {
        expect(result.ok ? undefined : result.error.code).toBe(expected.code)
        if (!result.ok) {
          expect(result.error.status).toBe(401)
          // Both failures carry the WWW-Authenticate challenge.
          expect(result.error.challenge).toBe('Basic realm="webhooks", charset="UTF-8"')
          expect(result.error.message).not.toContain(input.credentials[0]!.password)
        }
      } else {
        expect(result.ok ? 'ok' : result.error.code).toBe('ok')
        if (result.ok) {
          // Without an id, the credential's position in the list is its keyId.
          expect(result.webhook.keyId).toBe(expected.keyId ?? '0')
          expect(result.webhook.check).toBe('basicAuth')
        }
      }
    },
  )
})

describe('basicAuth', () => {
  it('sets the realm in the challenge of a missing-credentials error', async () => {
    const result = await createVerifier(
      basicAuth({ credentials: { username: 'u', password: 'p' }, realm: 'hooks' }),
    ).verify({
      headers: {},
      body: '',
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('ERR_WEBHOOK_CREDENTIALS_MISSING')
    expect(result.error.challenge).toBe('Basic realm="hooks", charset="UTF-8"')
  })

  it('signRequest sends the first credential valid at the timestamp', async () => {
    const check = basicAuth({
      credentials: [
        { username: 'old', password: 'p1', notAfter: '2026-01-01T00:00:00Z' },
        { username: 'new', password: 'p2' },
      ],
    })
    const early = await signRequest(check, { body: '', timestamp: '2025-06-01T00:00:00Z' })
    expect(early.headers['authorization']).toBe(`Basic ${Buffer.from('old:p1').toString('base64')}`)
    const late = await signRequest(check, { body: '', timestamp: '2026-06-01T00:00:00Z' })
    expect(late.headers['authorization']).toBe(`Basic ${Buffer.from('new:p2').toString('base64')}`)
  })

  it('does not mutate the credentials it is given', () => {
    const credentials = [{ username: 'u', password: 'p' }]
    basicAuth({ credentials })
    expect(credentials).toEqual([{ username: 'u', password: 'p' }])
  })

  const PASSWORD = 'correct horse battery staple'
  it.each<[string, unknown]>([
    ['no credentials', {}],
    ['an empty list', { credentials: [] }],
    ['an empty username', { credentials: { username: '', password: PASSWORD } }],
    ['an empty password', { credentials: { username: 'u', password: '' } }],
    ['a non-string password', { credentials: { username: 'u', password: 5 } }],
    ['a credential that is not an object', { credentials: [PASSWORD] }],
    [
      '11 credentials',
      {
        credentials: Array.from({ length: 11 }, (_, i) => ({
          username: `u${i}`,
          password: PASSWORD,
        })),
      },
    ],
    [
      'notBefore after notAfter',
      {
        credentials: {
          username: 'u',
          password: PASSWORD,
          notBefore: '2026-01-02',
          notAfter: '2026-01-01',
        },
      },
    ],
    ['a realm with a quote', { credentials: { username: 'u', password: PASSWORD }, realm: 'a"b' }],
    [
      'a realm with a newline',
      { credentials: { username: 'u', password: PASSWORD }, realm: 'a\nb' },
    ],
  ])('throws WebhookConfigError for %s, without the password in the message', (_name, options) => {
    let thrown: unknown
    try {
      basicAuth(options as BasicAuthOptions)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(WebhookConfigError)
    expect((thrown as WebhookConfigError).code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
    expect((thrown as WebhookConfigError).message).not.toContain(PASSWORD)
  })
})

describe('parseBasicAuth', () => {
  it.each<[string, string | undefined]>([
    [`Basic ${Buffer.from('a:b').toString('base64')}`, 'a:b'],
    [`basic ${Buffer.from('a:b:c').toString('base64')}`, 'a:b:c'],
    [`BASIC ${Buffer.from('ü:ß').toString('base64')}`, 'ü:ß'],
    [`Basic ${Buffer.from('a:b').toString('base64')}  `, 'a:b'],
    ['Basic', undefined],
    ['Basic ', undefined],
    ['Bearer YTpi', undefined],
    ['Basic YTpi YTpi', undefined],
    ['Basic YTp', undefined],
    ['Basic YTpi=', undefined],
    [' Basic YTpi', undefined],
  ])('%j', (header, expected) => {
    const bytes = parseBasicAuth(header)
    expect(bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8')).toBe(expected)
  })
})
