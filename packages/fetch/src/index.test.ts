import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { presets, WebhookConfigError, type Check } from '@hookwarden/core'
import { createFetchHandler, errorResponse, readBody, verifyRequest } from './index.js'

const secret = 'unit secret'
const github = presets.github({ secret })
const sign = (body: Uint8Array) =>
  'sha256=' + createHmac('sha256', secret).update(body).digest('hex')

/** A body delivered in several chunks, counting how many bytes were pulled. */
function chunked(chunks: Uint8Array[]) {
  let pulled = 0
  let i = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++]
      if (chunk === undefined) return controller.close()
      pulled += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
  return { stream, pulled: () => pulled }
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://unit.test/hook', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit)

describe('verifyRequest', () => {
  it('joins a multi-chunk body into the exact signed bytes', async () => {
    const parts = [
      new Uint8Array([0xff, 0x00]),
      new Uint8Array([0xc3]),
      new Uint8Array([0x28, 0x7b]),
    ]
    const all = new Uint8Array([0xff, 0x00, 0xc3, 0x28, 0x7b])
    const result = await verifyRequest(
      github,
      post(chunked(parts).stream, { 'x-hub-signature-256': sign(all) }),
    )
    expect(result.ok && Array.from(result.webhook.body)).toStrictEqual(Array.from(all))
  })

  it('verifies a request without a body as empty bytes', async () => {
    const request = new Request('http://unit.test/hook', {
      headers: { 'x-hub-signature-256': sign(new Uint8Array(0)) },
    })
    expect((await verifyRequest(github, request)).ok).toBe(true)
  })

  it('answers from a Content-Length over the limit without reading the body', async () => {
    const body = chunked([new Uint8Array(10), new Uint8Array(10)])
    const result = await verifyRequest(github, post(body.stream, { 'content-length': '20' }), {
      limit: 5,
    })
    expect(result.ok || result.error.code).toBe('ERR_WEBHOOK_BODY_TOO_LARGE')
    expect(body.pulled()).toBe(0)
  })

  it('stops at the first chunk that passes the limit', async () => {
    const body = chunked([
      new Uint8Array(4),
      new Uint8Array(4),
      new Uint8Array(4),
      new Uint8Array(4),
    ])
    const result = await verifyRequest(github, post(body.stream), { limit: 6 })
    expect(result.ok || result.error.code).toBe('ERR_WEBHOOK_BODY_TOO_LARGE')
    expect(body.pulled()).toBeLessThanOrEqual(12)
  })

  it('throws WebhookConfigError BODY_UNAVAILABLE when the body was already read', async () => {
    const request = post('{}')
    await request.text()
    await expect(verifyRequest(github, request)).rejects.toMatchObject({
      name: 'WebhookConfigError',
      code: 'ERR_WEBHOOK_BODY_UNAVAILABLE',
    })
  })
})

describe('readBody', () => {
  /** A body that never sends a byte. */
  const stalled = () => new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) })
  /** A body that breaks off after its first chunk. */
  const broken = () => {
    let sent = false
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection reset'))
        sent = true
        controller.enqueue(new Uint8Array([1, 2]))
      },
    })
  }

  it.each([
    ['without a Content-Length', {}],
    ['with a Content-Length', { 'content-length': '10' }],
  ])(
    'rejects ERR_WEBHOOK_BODY_TIMEOUT when the body stalls past the timeout (%s)',
    async (_, headers) => {
      await expect(readBody(post(stalled(), headers), 100, 20)).rejects.toMatchObject({
        code: 'ERR_WEBHOOK_BODY_TIMEOUT',
      })
    },
  )

  it.each([
    ['without a Content-Length', {}],
    ['with a Content-Length', { 'content-length': '10' }],
  ])(
    'rejects ERR_WEBHOOK_BODY_ABORTED, with the cause, when the upload breaks off (%s)',
    async (_, headers) => {
      await expect(readBody(post(broken(), headers), 100)).rejects.toMatchObject({
        code: 'ERR_WEBHOOK_BODY_ABORTED',
        cause: { message: 'connection reset' },
      })
    },
  )

  it('refuses a body longer than its declared Content-Length once it passes the limit', async () => {
    const request = post(new Uint8Array(10), { 'content-length': '2' })
    await expect(readBody(request, 5)).rejects.toMatchObject({ code: 'ERR_WEBHOOK_BODY_TOO_LARGE' })
  })

  it('reads a body within its declared length as its exact bytes', async () => {
    const bytes = new Uint8Array([0xff, 0x00, 0xc3, 0x28])
    const body = await readBody(post(bytes, { 'content-length': '4' }), 4)
    expect(Array.from(body)).toStrictEqual([0xff, 0x00, 0xc3, 0x28])
  })
})

describe('createFetchHandler', () => {
  it('rejects a bad limit at construction', () => {
    expect(() => createFetchHandler(github, () => new Response(), { limit: -1 })).toThrow(
      WebhookConfigError,
    )
  })

  it('passes extra arguments (env, ctx) through to the handler', async () => {
    const body = new TextEncoder().encode('{}')
    const handler = createFetchHandler(
      github,
      (_request, webhook, env: { name: string }, n: number) =>
        Response.json({ check: webhook.check, env: env.name, n }),
    )
    const response = await handler(
      post(body, { 'x-hub-signature-256': sign(body) }),
      { name: 'prod' },
      7,
    )
    expect(await response.json()).toStrictEqual({ check: 'github', env: 'prod', n: 7 })
  })

  it('lets a throwing handler throw (only verification is guarded)', async () => {
    const body = new TextEncoder().encode('{}')
    const handler = createFetchHandler(github, () => {
      throw new Error('handler failed')
    })
    await expect(handler(post(body, { 'x-hub-signature-256': sign(body) }))).rejects.toThrow(
      'handler failed',
    )
  })

  it('reports an async check failure to onError with the original as cause', async () => {
    const failing: Check = {
      name: 'failing',
      verify: async () => Promise.reject(new Error('store down')),
    }
    const seen: unknown[] = []
    const handler = createFetchHandler(failing, () => new Response(), {
      onError: (error) => seen.push(error),
    })
    const response = await handler(post('{}'))
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('{"error":"ERR_WEBHOOK_CONFIG_INVALID"}')
    expect(seen).toMatchObject([
      { code: 'ERR_WEBHOOK_CONFIG_INVALID', cause: { message: 'store down' } },
    ])
  })
})

describe('errorResponse', () => {
  it('answers only the code, whatever was thrown', async () => {
    const response = errorResponse(new Error('secret detail'))
    expect(response.status).toBe(500)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.text()).toBe('{"error":"ERR_WEBHOOK_CONFIG_INVALID"}')
  })
})
