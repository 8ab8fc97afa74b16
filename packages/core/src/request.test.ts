import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Check } from './check.js'
import { WebhookConfigError, WebhookVerificationError } from './errors.js'
import { anyOf, apiKey, createVerifier, hmac } from './index.js'
import { parseWebhookRequest, type HeadersInput, type WebhookRequest } from './request.js'

describe('parseWebhookRequest: headers', () => {
  it.each<[string, HeadersInput]>([
    ['Headers', new Headers({ 'X-Signature': 'abc', 'Content-Type': 'application/json' })],
    ['a lower-case record', { 'x-signature': 'abc', 'content-type': 'application/json' }],
    ['a mixed-case record', { 'X-Signature': 'abc', 'Content-TYPE': 'application/json' }],
    [
      'a record with array values',
      { 'x-signature': ['abc'], 'content-type': ['application/json'] },
    ],
  ])('reads any-case names from %s', (_name, headers) => {
    const request = parseWebhookRequest({ headers, body: '' })
    expect(request.header('x-signature')).toBe('abc')
    expect(request.header('X-SIGNATURE')).toBe('abc')
    expect(request.header('Content-Type')).toBe('application/json')
    expect(request.header('x-missing')).toBeUndefined()
  })

  it('joins repeated values with ", " as Headers does', () => {
    const headers = new Headers()
    headers.append('x-a', '1')
    headers.append('x-a', '2')
    expect(parseWebhookRequest({ headers, body: '' }).header('x-a')).toBe('1, 2')
    expect(parseWebhookRequest({ headers: { 'x-a': ['1', '2'] }, body: '' }).header('x-a')).toBe(
      '1, 2',
    )
    expect(
      parseWebhookRequest({ headers: { 'X-A': '1', 'x-a': '2' }, body: '' }).header('x-a'),
    ).toBe('1, 2')
  })

  it('treats undefined values and empty arrays as absent', () => {
    const request = parseWebhookRequest({
      headers: { 'x-a': undefined, 'X-B': [], 'x-c': '' },
      body: '',
    })
    expect(request.header('x-a')).toBeUndefined()
    expect(request.header('x-b')).toBeUndefined()
    expect(request.header('x-c')).toBe('')
  })

  it('does not read inherited properties of a record as headers', () => {
    const request = parseWebhookRequest({ headers: { 'x-a': '1' }, body: '' })
    expect(request.header('constructor')).toBeUndefined()
    expect(request.header('__proto__')).toBeUndefined()
    expect(request.header('toString')).toBeUndefined()
  })

  it('passes method and url through', () => {
    const request = parseWebhookRequest({
      method: 'POST',
      url: 'https://x.test/h',
      headers: {},
      body: '',
    })
    expect([request.method, request.url]).toEqual(['POST', 'https://x.test/h'])
  })
})

describe('parseWebhookRequest: body', () => {
  const text = '{"é":"😀"}'
  const utf8 = new Uint8Array(Buffer.from(text, 'utf8'))

  it('encodes a string body as UTF-8', () => {
    expect(parseWebhookRequest({ headers: {}, body: text }).body).toEqual(utf8)
  })

  it('keeps a Uint8Array as is', () => {
    expect(parseWebhookRequest({ headers: {}, body: utf8 }).body).toEqual(utf8)
  })

  it('reads only the viewed bytes of a Buffer subarray with a non-zero byteOffset', () => {
    const big = Buffer.from(`xxxx${text}yyyy`, 'utf8')
    const view = big.subarray(4, 4 + utf8.length)
    expect(view.byteOffset).toBeGreaterThan(0)
    const body = parseWebhookRequest({ headers: {}, body: view }).body
    expect(Buffer.from(body).equals(Buffer.from(utf8))).toBe(true)
  })

  it('reads an ArrayBuffer and a DataView', () => {
    const buffer = utf8.slice().buffer
    expect(parseWebhookRequest({ headers: {}, body: buffer }).body).toEqual(utf8)
    const view = new DataView(buffer, 2, 3)
    expect(parseWebhookRequest({ headers: {}, body: view as never }).body).toEqual(
      utf8.subarray(2, 5),
    )
  })

  it.each<[string, unknown]>([
    ['a parsed JSON object', { event: 'ping' }],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an array of numbers', [1, 2, 3]],
  ])('throws WebhookConfigError ERR_WEBHOOK_BODY_UNAVAILABLE for %s', (_name, body) => {
    let thrown: unknown
    try {
      parseWebhookRequest({ headers: {}, body } as unknown as WebhookRequest)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(WebhookConfigError)
    expect((thrown as WebhookConfigError).code).toBe('ERR_WEBHOOK_BODY_UNAVAILABLE')
    expect((thrown as WebhookConfigError).status).toBe(500)
  })
})

describe('every body and header shape verifies the same signature', () => {
  const secret = 'shape-secret'
  const text = '{"amount":"€12"}'
  const bytes = Buffer.from(text, 'utf8')
  const signature = createHmac('sha256', secret).update(bytes).digest('hex')
  const verifier = createVerifier(hmac({ header: 'X-Signature', encoding: 'hex', secrets: secret }))
  const padded = Buffer.concat([Buffer.from('12345'), bytes])

  it.each<[string, WebhookRequest['body']]>([
    ['string', text],
    ['Uint8Array', new Uint8Array(bytes)],
    ['Buffer', Buffer.from(bytes)],
    ['Buffer subarray with a byteOffset', padded.subarray(5)],
    ['ArrayBuffer', new Uint8Array(bytes).buffer],
  ])('body as %s', async (_name, body) => {
    const result = await verifier.verify({ headers: { 'x-signature': signature }, body })
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.webhook.text()).toBe(text)
  })

  it.each<[string, HeadersInput]>([
    ['Headers', new Headers({ 'x-signature': signature })],
    ['a mixed-case record', { 'X-SiGnAtUrE': signature }],
    ['an array value', { 'x-signature': [signature] }],
  ])('headers as %s', async (_name, headers) => {
    expect((await verifier.verify({ headers, body: text })).ok).toBe(true)
  })

  it('a parsed body makes verify reject with the config error (never a verification result)', async () => {
    await expect(
      verifier.verify({ headers: { 'x-signature': signature }, body: JSON.parse(text) as never }),
    ).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY_UNAVAILABLE', name: 'WebhookConfigError' })
  })
})

describe('hostile header objects', () => {
  const secret = 'pollution-secret'
  const body = '{"amount":100}'
  // The genuine signature for `body`, computed independently: a forged header carrying it would pass.
  const signature = createHmac('sha256', secret).update(body).digest('hex')
  const verifier = createVerifier(hmac({ header: 'x-signature', encoding: 'hex', secrets: secret }))
  const proto = Object.prototype as Record<string, unknown>

  // Pollutes only while `run` verifies: expect() itself trips over a polluted prototype.
  const polluted = async <T>(key: string, value: unknown, run: () => Promise<T>): Promise<T> => {
    proto[key] = value
    try {
      return await run()
    } finally {
      delete proto[key]
    }
  }

  it('is not fooled by accident: the genuine signature in an own header verifies', async () => {
    expect((await verifier.verify({ headers: { 'x-signature': signature }, body })).ok).toBe(true)
  })

  it.each<[string, () => HeadersInput]>([
    ['an empty lower-case record', () => ({})],
    ['a lower-case record', () => ({ 'content-type': 'application/json' })],
    ['a mixed-case record (folded path)', () => ({ 'Content-Type': 'application/json' })],
    ['a null-prototype record', () => Object.create(null) as HeadersInput],
  ])('a polluted Object.prototype["x-signature"] is not a header of %s', async (_name, headers) => {
    const result = await polluted('x-signature', signature, () =>
      verifier.verify({ headers: headers(), body }),
    )
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('a polluted Object.prototype.get does not make a record read as Headers', async () => {
    const result = await polluted(
      'get',
      () => signature,
      () => verifier.verify({ headers: {}, body }),
    )
    expect(!result.ok && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('inherited keys of a record with a custom prototype are not headers', async () => {
    const inherited = Object.create({ 'x-signature': signature }) as HeadersInput
    const literal = { __proto__: { 'x-signature': signature } } as unknown as HeadersInput
    for (const headers of [inherited, literal]) {
      const result = await verifier.verify({ headers, body })
      expect(!result.ok && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    }
  })

  it('an own "__proto__" key from JSON.parse is not a way in', async () => {
    const headers = JSON.parse(`{"__proto__":{"x-signature":"${signature}"}}`) as HeadersInput
    const request = parseWebhookRequest({ headers, body })
    expect(request.header('__proto__')).toBeUndefined()
    expect(request.header('x-signature')).toBeUndefined()
    const result = await verifier.verify({ headers, body })
    expect(!result.ok && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])(
    'the inherited name %s is never a header value',
    (name) => {
      for (const headers of [{ 'x-a': '1' }, { 'X-A': '1' }]) {
        expect(parseWebhookRequest({ headers, body }).header(name)).toBeUndefined()
      }
    },
  )

  const leak = 'leaked-header-value-7f3a'
  const throwing = (): Error => new Error(leak)
  const getterRecord = (key: string): HeadersInput =>
    Object.defineProperty({}, key, {
      enumerable: true,
      get: () => {
        throw throwing()
      },
    }) as HeadersInput

  it.each<[string, () => HeadersInput]>([
    ['a record whose header getter throws', () => getterRecord('x-signature')],
    ['a mixed-case record whose getter throws', () => getterRecord('X-Signature')],
    [
      'a Headers-like object whose get throws',
      () =>
        new (class {
          get(): string {
            throw throwing()
          }
        })() as unknown as HeadersInput,
    ],
    [
      'a proxy whose key listing throws',
      () =>
        new Proxy({} as HeadersInput, {
          ownKeys: () => {
            throw throwing()
          },
        }),
    ],
  ])('%s gives ERR_WEBHOOK_SIGNATURE_MALFORMED, not a rejected promise', async (_name, headers) => {
    const result = await verifier.verify({ headers: headers(), body })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toBeInstanceOf(WebhookVerificationError)
    expect(result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(result.error.status).toBe(400)
    expect(result.error.message).toBe('webhook signature header malformed')
    expect(result.error.cause).toBeUndefined()
    expect(JSON.stringify(result.error)).not.toContain(leak)
    const reception = await verifier.receive({ headers: headers(), body })
    expect(!reception.ok && reception.rejection.status).toBe(400)
  })

  it('an async check (anyOf) with throwing headers resolves to the rejection', async () => {
    const check = anyOf(
      apiKey({ header: 'x-api-key', keys: 'k' }),
      hmac({ header: 'x-signature', encoding: 'hex', secrets: secret }),
    )
    const result = await createVerifier(check).verify({
      headers: getterRecord('x-api-key'),
      body,
    })
    expect(!result.ok && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('a check that swallows the throw still cannot pass the request', async () => {
    const careless: Check = {
      name: 'careless',
      verify(request) {
        try {
          request.header('x-signature')
        } catch {
          // a custom check that ignores unreadable headers
        }
        return { ok: true }
      },
    }
    const verify = createVerifier(careless).verify
    expect((await verify({ headers: {}, body })).ok).toBe(true)
    const result = await verify({ headers: getterRecord('x-signature'), body })
    expect(!result.ok && result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('a check that throws something else still rejects verify (developer bug)', async () => {
    const broken: Check = {
      name: 'broken',
      verify() {
        throw new RangeError('bug')
      },
    }
    await expect(createVerifier(broken).verify({ headers: {}, body })).rejects.toThrow(RangeError)
  })
})
