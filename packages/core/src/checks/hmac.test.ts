import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  expectResult,
  loadVectors,
  toNow,
  toRequest,
  type HmacVectorInput,
} from '../../../../test/vectors/vectors.js'
import {
  createVerifier,
  hmac,
  presets,
  rotation,
  WebhookConfigError,
  type HmacOptions,
} from '../index.js'
import { signRequest } from '../testing/index.js'

const hexMac = (secret: string | Uint8Array, ...parts: (string | Uint8Array)[]) => {
  const h = createHmac('sha256', secret)
  for (const p of parts) h.update(p)
  return h.digest('hex')
}

/** Builds the row's check and verifier and verifies the row's request. */
function runVector(input: HmacVectorInput) {
  const secrets = input.rotation ? rotation(input.rotation) : input.check.secrets
  const check = hmac({ ...input.check, secrets } as HmacOptions)
  const now = toNow(input.now)
  const verifier = createVerifier(check, { ...input.verifier, clock: () => now })
  return verifier.verify(toRequest(input))
}

/**
 * The same headers as a `Headers` object, or `undefined` when `Headers` would refuse or rewrite a
 * value (non-Latin-1 characters, surrounding whitespace): those rows only run as records.
 */
function asHeaders(record: Record<string, string | string[]>): Headers | undefined {
  try {
    const headers = new Headers()
    for (const [name, value] of Object.entries(record)) {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
    }
    for (const [name, value] of Object.entries(record)) {
      if (headers.get(name) !== (Array.isArray(value) ? value.join(', ') : value)) return undefined
    }
    return headers
  } catch {
    return undefined
  }
}

describe.each(['hmac-hex.json', 'hmac-base64.json', 'malformed.json'])(
  'hmac vectors: %s',
  (file) => {
    const rows = loadVectors<HmacVectorInput>(file)

    it.each(rows)('$name', async ({ input, expect: expected }) => {
      expectResult(await runVector(input), expected)
    })

    it.each(rows)('$name (headers as a Headers object)', async ({ input, expect: expected }) => {
      const headers = asHeaders(input.headers)
      if (headers === undefined) return
      const check = hmac({ ...input.check, secrets: input.check.secrets } as HmacOptions)
      const now = toNow(input.now)
      const result = await createVerifier(check, { ...input.verifier, clock: () => now }).verify({
        ...toRequest(input),
        headers,
      })
      expectResult(result, expected)
    })
  },
)

describe('hmac options', () => {
  const SECRET = 'hunter2-very-secret'
  const base = { header: 'x-signature', encoding: 'hex', secrets: SECRET } as const

  it.each<[string, Partial<HmacOptions> & Record<string, unknown>]>([
    ['an empty secret', { secrets: '' }],
    ['an empty secret among several', { secrets: [SECRET, ''] }],
    ['no secrets at all', { secrets: [] }],
    ['a secret that is neither string nor bytes', { secrets: 42 as never }],
    ['more than 10 secrets', { secrets: Array.from({ length: 11 }, (_, i) => `${SECRET}${i}`) }],
    [
      'notBefore after notAfter',
      {
        secrets: {
          value: SECRET,
          notBefore: '2026-01-02T00:00:00Z',
          notAfter: '2026-01-01T00:00:00Z',
        },
      },
    ],
    ['an unparseable notAfter', { secrets: { value: SECRET, notAfter: 'soon' } }],
    ['a non-string id', { secrets: { value: SECRET, id: 7 as never } }],
    ['an unknown encoding', { encoding: 'base32' as never }],
    ['an empty encoding list', { encoding: [] }],
    ['an unknown secretEncoding', { secretEncoding: 'latin1' as never }],
    [
      'a secret that is not valid hex under secretEncoding hex',
      { secrets: `${SECRET}zz`, secretEncoding: 'hex' },
    ],
    [
      'a secret that is not valid Base64 under secretEncoding base64',
      { secrets: `${SECRET}!`, secretEncoding: 'base64' },
    ],
    ['an unknown algorithm', { algorithm: 'md5' as never }],
    [
      'a negative tolerance',
      { tolerance: -1, timestamp: { header: 'x-ts' }, content: '{timestamp}.{body}' },
    ],
    ['a NaN tolerance', { tolerance: Number.NaN }],
    ['an infinite tolerance', { tolerance: Number.POSITIVE_INFINITY }],
    ['a string tolerance', { tolerance: '300' as never }],
    ['{timestamp} in the template with no timestamp source', { content: '{timestamp}.{body}' }],
    ['{id} in the template with no id source', { content: '{id}.{body}' }],
    ['an unknown placeholder', { content: '{ts}.{body}' }],
    ['a template without {body}', { content: 'static' }],
    ['a template with {body} twice', { content: '{body}{body}' }],
    ['no header', { header: '' }],
    ['a blank header', { header: '   ' }],
    ['a param timestamp source with the value format', { timestamp: { param: 't' } }],
    ['a param id source with the tokens format', { format: { tokens: 'v1' }, id: { param: 'id' } }],
    ['an unknown timestamp format', { timestamp: { header: 'x-ts', format: 'rfc2822' as never } }],
  ])('throws WebhookConfigError for %s', (_name, options) => {
    let thrown: unknown
    try {
      hmac({ ...base, ...options } as HmacOptions)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(WebhookConfigError)
    const error = thrown as WebhookConfigError
    expect(error.code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
    expect(error.status).toBe(500)
    expect(error.message).not.toContain(SECRET)
  })

  it('accepts a secret given as bytes', async () => {
    const key = new Uint8Array([0, 255, 16, 32])
    const check = hmac({ header: 'x-signature', encoding: 'hex', secrets: key })
    const result = await createVerifier(check).verify({
      headers: { 'x-signature': hexMac(key, 'body') },
      body: 'body',
    })
    expect(result.ok).toBe(true)
  })

  it('supports HMAC-SHA1 and rejects a SHA-256 digest under it as malformed', async () => {
    const check = hmac({ header: 'x-signature', encoding: 'hex', secrets: 'k', algorithm: 'sha1' })
    const sha1 = createHmac('sha1', 'k').update('body').digest('hex')
    const ok = await createVerifier(check).verify({
      headers: { 'x-signature': sha1 },
      body: 'body',
    })
    expect(ok.ok).toBe(true)
    const wrong = await createVerifier(check).verify({
      headers: { 'x-signature': hexMac('k', 'body') },
      body: 'body',
    })
    expect(wrong.ok ? undefined : wrong.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('supports HMAC-SHA512 and rejects a SHA-256 digest under it as malformed', async () => {
    const check = hmac({
      header: 'x-signature',
      encoding: 'hex',
      secrets: 'k',
      algorithm: 'sha512',
    })
    const sha512 = createHmac('sha512', 'k').update('body').digest('hex')
    const ok = await createVerifier(check).verify({
      headers: { 'x-signature': sha512 },
      body: 'body',
    })
    expect(ok.ok).toBe(true)
    const tampered = await createVerifier(check).verify({
      headers: { 'x-signature': sha512 },
      body: 'bodY',
    })
    expect(tampered.ok ? undefined : tampered.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const wrong = await createVerifier(check).verify({
      headers: { 'x-signature': hexMac('k', 'body') },
      body: 'body',
    })
    expect(wrong.ok ? undefined : wrong.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('reports the check name, or the preset name', async () => {
    const named = hmac({ header: 'x-signature', encoding: 'hex', secrets: 'k', name: 'acme' })
    const result = await createVerifier(named).verify({
      headers: { 'x-signature': hexMac('k', 'b') },
      body: 'b',
    })
    expect(result.ok && result.webhook.check).toBe('acme')
    const github = await createVerifier(presets.github({ secret: 'k' })).verify({
      headers: { 'x-hub-signature-256': `sha256=${hexMac('k', 'b')}` },
      body: 'b',
    })
    expect(github.ok && github.webhook.check).toBe('github')
    const plain = await createVerifier(
      hmac({ header: 'x-signature', encoding: 'hex', secrets: 'k' }),
    ).verify({
      headers: { 'x-signature': hexMac('k', 'b') },
      body: 'b',
    })
    expect(plain.ok && plain.webhook.check).toBe('hmac')
  })

  it('reports the signed timestamp and delivery id of a verified webhook', async () => {
    const check = hmac({
      header: 'x-signature',
      encoding: 'hex',
      secrets: 'k',
      timestamp: { header: 'x-ts' },
      id: { header: 'x-id' },
      content: '{id}.{timestamp}.{body}',
    })
    const result = await createVerifier(check, { clock: () => 1_700_000_000_000 }).verify({
      headers: {
        'x-signature': hexMac('k', 'evt_1.1700000000.', 'b'),
        'x-ts': '1700000000',
        'x-id': 'evt_1',
      },
      body: 'b',
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.webhook.id).toBe('evt_1')
    expect(result.webhook.timestamp).toEqual(new Date(1_700_000_000_000))
  })
})

describe('hmac properties', () => {
  const encodings = ['hex', 'base64', 'base64url'] as const
  const digest = { hex: 'hex', base64: 'base64', base64url: 'base64url' } as const
  const T = 1_700_000_000

  it('signRequest then verify round-trips for any bytes, secret and encoding, matching node:crypto', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 512 }),
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.constantFrom(...encodings),
        fc.boolean(),
        async (body, secret, encoding, timestamped) => {
          const check = hmac({
            header: 'x-sig',
            encoding,
            secrets: secret,
            ...(timestamped
              ? { timestamp: { header: 'x-ts' }, content: '{timestamp}.{body}' }
              : {}),
          })
          const signed = await signRequest(check, { body, timestamp: T * 1000 })
          const expected = createHmac('sha256', secret)
            .update(timestamped ? `${T}.` : '')
            .update(body)
            .digest(digest[encoding])
          // Node's base64url has no padding; ours has none either.
          expect(signed.headers['x-sig']).toBe(expected)
          const result = await createVerifier(check, { clock: () => T * 1000 }).verify({
            headers: signed.headers,
            body: signed.body,
          })
          expect(result.ok).toBe(true)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('round-trips for any string secret (UTF-8 key bytes, as node:crypto uses them)', async () => {
    await fc.assert(
      fc.asyncProperty(
        // A blank secret is a config error (lib/options.test.ts), not a key.
        fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.trim() !== ''),
        fc.string(),
        async (secret, text) => {
          const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: secret })
          const signed = await signRequest(check, { body: text })
          expect(signed.headers['x-sig']).toBe(hexMac(secret, text))
          const result = await createVerifier(check).verify({ headers: signed.headers, body: text })
          expect(result.ok).toBe(true)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('a single-bit flip anywhere in the body gives SIGNATURE_MISMATCH', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom(...encodings),
        async (body, at, bit, encoding) => {
          const check = hmac({ header: 'x-sig', encoding, secrets: 'flip-secret' })
          const signed = await signRequest(check, { body })
          const flipped = body.slice()
          flipped[at % body.length]! ^= 1 << bit
          const result = await createVerifier(check).verify({
            headers: signed.headers,
            body: flipped,
          })
          expect(result.ok ? undefined : result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
        },
      ),
      { numRuns: 100 },
    )
  })

  it('a single-bit flip in the decoded signature gives SIGNATURE_MISMATCH', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(...encodings),
        async (body, bitIndex, encoding) => {
          const check = hmac({ header: 'x-sig', encoding, secrets: 'flip-secret' })
          const mac = createHmac('sha256', 'flip-secret').update(body).digest()
          mac[bitIndex >> 3]! ^= 1 << (bitIndex & 7)
          const result = await createVerifier(check).verify({
            headers: { 'x-sig': mac.toString(digest[encoding]) },
            body,
          })
          expect(result.ok ? undefined : result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
        },
      ),
      { numRuns: 100 },
    )
  })

  it('a single-bit flip in the signature text gives MISMATCH or MALFORMED (only a hex case flip passes)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 15 }),
        fc.constantFrom(...encodings),
        async (body, at, bit, encoding) => {
          const check = hmac({ header: 'x-sig', encoding, secrets: 'flip-secret' })
          const text = createHmac('sha256', 'flip-secret').update(body).digest(digest[encoding])
          const i = at % text.length
          const flippedChar = String.fromCharCode(text.charCodeAt(i) ^ (1 << bit))
          const flipped = text.slice(0, i) + flippedChar + text.slice(i + 1)
          const result = await createVerifier(check).verify({ headers: { 'x-sig': flipped }, body })
          // Independent oracle: hex compares case-insensitively, every other change must fail.
          const sameBytes = encoding === 'hex' && flipped.toLowerCase() === text
          if (sameBytes) {
            expect(result.ok).toBe(true)
          } else {
            expect(result.ok).toBe(false)
            if (!result.ok) {
              expect([
                'ERR_WEBHOOK_SIGNATURE_MISMATCH',
                'ERR_WEBHOOK_SIGNATURE_MALFORMED',
              ]).toContain(result.error.code)
            }
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
