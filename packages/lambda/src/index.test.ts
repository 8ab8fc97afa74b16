import { createHmac } from 'node:crypto'
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  LambdaFunctionURLEvent,
} from 'aws-lambda'
import lambdaLocal from 'lambda-local'
import { describe, expect, it, vi } from 'vitest'
import {
  createVerifier,
  memoryReplayStore,
  presets,
  WebhookConfigError,
  type Check,
  type ParsedWebhookRequest,
} from '@hookwarden/core'
import { createLambdaHandler, type LambdaHttpEvent, type LambdaResult } from './index.js'
import alb from './fixtures/alb.json' with { type: 'json' }
import albMulti from './fixtures/alb-multi-value.json' with { type: 'json' }
import httpV2 from './fixtures/apigw-http-v2.json' with { type: 'json' }
import restV1 from './fixtures/apigw-rest-v1.json' with { type: 'json' }
import functionUrl from './fixtures/function-url.json' with { type: 'json' }

const secret = "It's a Secret to Everybody"
const github = presets.github({ secret })
const sign = (body: Uint8Array | string) =>
  'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
const BODY = '{"action":"opened","title":"déjà vu ✓"}'
/** Not UTF-8: a lone continuation byte, an overlong form, 0xFF. */
const NOT_UTF8 = new Uint8Array([0x80, 0xc0, 0xaf, 0xff, 0xfe, 0x00, 0x7b])

type Json = Record<string, unknown>
const clone = (event: object): Json => structuredClone(event) as Json

/**
 * An AWS sample event, re-signed: `body` (text or Base64 of `bytes`) and the GitHub signature
 * header added the way that trigger carries headers.
 */
function resign(fixture: object, bytes: Uint8Array | string, options: { base64?: boolean } = {}) {
  const event = clone(fixture)
  const raw = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
  event['body'] = options.base64
    ? Buffer.from(raw).toString('base64')
    : new TextDecoder().decode(raw)
  event['isBase64Encoded'] = options.base64 === true
  setHeader(event, 'X-Hub-Signature-256', sign(raw))
  return event as unknown as LambdaHttpEvent
}

function setHeader(event: Json, name: string, value: string): void {
  const multi = event['multiValueHeaders'] as Record<string, string[]> | undefined
  if (multi) multi[name] = [value]
  const single = event['headers'] as Record<string, string> | undefined
  // Payload 2.0 lower-cases header names; REST and ALB keep them as sent.
  if (single) single[event['version'] === '2.0' ? name.toLowerCase() : name] = value
}

const FIXTURES = [
  ['API Gateway REST (v1)', restV1, 'v1'],
  ['API Gateway HTTP API (v2)', httpV2, 'v2'],
  ['Lambda Function URL', functionUrl, 'v2'],
  ['ALB', alb, 'alb'],
  ['ALB, multi-value headers', albMulti, 'alb-multi'],
] as const

describe.each(FIXTURES)('%s sample event', (_name, fixture, kind) => {
  const received: { body: number[]; check: string }[] = []
  const handler = createLambdaHandler(github, async (webhook) => {
    received.push({ body: Array.from(webhook.body), check: webhook.check })
    return { statusCode: 202, headers: { 'x-handled': 'yes' }, body: 'queued' }
  })

  it('verifies the exact text body and answers in the shape of the event', async () => {
    received.length = 0
    const response = await handler(resign(fixture, BODY), undefined)
    expect(received).toStrictEqual([
      { body: Array.from(new TextEncoder().encode(BODY)), check: 'github' },
    ])
    expect(response).toMatchObject({ statusCode: 202, body: 'queued', isBase64Encoded: false })
    if (kind === 'alb-multi') {
      expect(response.headers).toBeUndefined()
      expect(response.multiValueHeaders).toStrictEqual({ 'x-handled': ['yes'] })
    } else expect(response.headers).toStrictEqual({ 'x-handled': 'yes' })
    if (kind.startsWith('alb')) expect(response.statusDescription).toBe('202 Accepted')
    else expect(response).not.toHaveProperty('statusDescription')
  })

  it('decodes an isBase64Encoded body to the signed bytes (not UTF-8)', async () => {
    received.length = 0
    const response = await handler(resign(fixture, NOT_UTF8, { base64: true }), undefined)
    expect(response.statusCode).toBe(202)
    expect(received).toStrictEqual([{ body: Array.from(NOT_UTF8), check: 'github' }])
  })

  it('rejects a tampered body with 401 and only the code, in the shape of the event', async () => {
    const event = resign(fixture, BODY) as unknown as Json
    event['body'] = BODY.replace('opened', 'closed')
    received.length = 0
    const response = await handler(event as unknown as LambdaHttpEvent, undefined)
    expect(received).toStrictEqual([])
    expect(response.statusCode).toBe(401)
    expect(response.body).toBe('{"error":"ERR_WEBHOOK_SIGNATURE_MISMATCH"}')
    if (kind === 'alb-multi')
      expect(response.multiValueHeaders).toStrictEqual({ 'content-type': ['application/json'] })
    else expect(response.headers).toStrictEqual({ 'content-type': 'application/json' })
    if (kind.startsWith('alb')) expect(response.statusDescription).toBe('401 Unauthorized')
  })
})

describe('strict Base64 bodies', () => {
  // Each decodes to something under a lenient decoder (Buffer.from, atob with whitespace).
  it.each([
    ['non-zero pad bits', 'QR=='],
    ['missing padding', 'QQ'],
    ['a line break', 'e30=\n'],
    ['URL-safe alphabet', '-_-_'],
    ['junk characters', 'e3*='],
  ])('answers 500 BODY_UNAVAILABLE for %s, never a guessed body', async (_name, text) => {
    const errors: unknown[] = []
    const run = vi.fn(async (): Promise<LambdaResult> => ({ statusCode: 204 }))
    const handler = createLambdaHandler(github, run, { onError: (error) => errors.push(error) })
    const event = resign(functionUrl, new Uint8Array(), { base64: true }) as unknown as Json
    event['body'] = text
    const response = await handler(event as unknown as LambdaHttpEvent, undefined)
    expect(response).toMatchObject({
      statusCode: 500,
      body: '{"error":"ERR_WEBHOOK_BODY_UNAVAILABLE"}',
    })
    expect(run).not.toHaveBeenCalled()
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(WebhookConfigError)
    expect((errors[0] as Error).message).toMatch(/isBase64Encoded but its body is not canonical/)
  })
})

describe('limit', () => {
  const run = vi.fn(async (): Promise<LambdaResult> => ({ statusCode: 204 }))
  const handler = createLambdaHandler(github, run, { limit: 8 })

  it.each([
    ['text', false],
    ['Base64', true],
  ])('accepts a %s body of exactly limit bytes', async (_name, base64) => {
    const response = await handler(resign(restV1, new Uint8Array(8).fill(0x61), { base64 }), {})
    expect(response.statusCode).toBe(204)
  })

  it.each([
    ['text', false],
    ['Base64', true],
  ])('answers 413 to a %s body one byte over the limit', async (_name, base64) => {
    run.mockClear()
    const response = await handler(resign(albMulti, new Uint8Array(9).fill(0x61), { base64 }), {})
    expect(response).toMatchObject({ statusCode: 413, statusDescription: '413 Payload Too Large' })
    expect(response.body).toBe('{"error":"ERR_WEBHOOK_BODY_TOO_LARGE"}')
    expect(run).not.toHaveBeenCalled()
  })
})

describe('the request handed to the check', () => {
  const seen: ParsedWebhookRequest[] = []
  const recorder: Check = {
    name: 'recorder',
    verify(request) {
      seen.push(request)
      return { ok: true }
    },
  }
  const handler = createLambdaHandler(recorder, async () => ({ statusCode: 204 }))
  const last = async (event: object) => {
    seen.length = 0
    await handler(event as LambdaHttpEvent, undefined)
    return seen[0]!
  }

  it('REST (v1): stage path from requestContext, decoded query values re-encoded', async () => {
    const event = clone(restV1)
    ;(event['requestContext'] as Json)['path'] = '/testStage/hello/world'
    event['multiValueQueryStringParameters'] = { name: ['me', 'a b&c'] }
    const request = await last(event)
    expect(request.method).toBe('POST')
    expect(request.url).toBe(
      'https://gy415nuibc.execute-api.us-east-1.amazonaws.com/testStage/hello/world?name=me&name=a%20b%26c',
    )
    expect(request.header('x-forwarded-for')).toBe('54.240.196.186, 54.182.214.83')
  })

  it('REST (v1): every value of a repeated header, from multiValueHeaders', async () => {
    const event = clone(restV1)
    ;(event['multiValueHeaders'] as Json)['headerName'] = ['one', 'two']
    expect((await last(event)).header('headername')).toBe('one, two')
  })

  it('HTTP API (v2): rawPath and rawQueryString as sent, method from requestContext', async () => {
    const event = clone(functionUrl)
    const request = await last(event)
    expect(request.method).toBe('POST')
    expect(request.url).toBe(
      'https://<url-id>.lambda-url.us-west-2.on.aws/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    )
    // Payload 2.0 moves Cookie into `cookies`; checks still find it as a header.
    expect(request.header('cookie')).toBe('cookie1; cookie2')
    expect(request.header('header2')).toBe('value1,value2')
  })

  it('ALB: query values kept as received (the ALB does not decode them), http scheme', async () => {
    const event = clone(alb)
    event['queryStringParameters'] = { key: '%3FshowAll%3Dtrue' }
    const request = await last(event)
    expect(request.method).toBe('GET')
    expect(request.url).toBe(
      'http://lambda-test-alb-1334523864.us-east-1.elb.amazonaws.com/?key=%3FshowAll%3Dtrue',
    )
    expect((await last(albMulti)).url).toBe(
      'http://lambda-test-alb-1234567.us-east-1.elb.amazonaws.com/?key=hello',
    )
  })

  it('throws WebhookConfigError for an event no HTTP trigger sent', async () => {
    await expect(handler({ Records: [] } as unknown as LambdaHttpEvent, undefined)).rejects.toThrow(
      WebhookConfigError,
    )
  })
})

describe('delivery lifecycle', () => {
  const verifier = () => createVerifier(github, { replay: memoryReplayStore() })

  it('commits on 2xx: the same delivery again is acknowledged without running the handler', async () => {
    const run = vi.fn(async (): Promise<LambdaResult> => ({ statusCode: 200 }))
    const handler = createLambdaHandler(verifier(), run)
    const event = resign(httpV2, BODY)
    expect((await handler(event, undefined)).statusCode).toBe(200)
    expect(await handler(event, undefined)).toMatchObject({
      statusCode: 200,
      body: '{"duplicate":true}',
    })
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('releases on a non-2xx status: the retry runs the handler again', async () => {
    const run = vi.fn(async (): Promise<LambdaResult> => ({ statusCode: 503 }))
    const handler = createLambdaHandler(verifier(), run)
    const event = resign(restV1, BODY)
    expect((await handler(event, undefined)).statusCode).toBe(503)
    expect((await handler(event, undefined)).statusCode).toBe(503)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('releases and rethrows when the handler throws', async () => {
    let fail = true
    const handler = createLambdaHandler(verifier(), async () => {
      if (fail) throw new Error('downstream down')
      return { statusCode: 204 }
    })
    const event = resign(alb, BODY)
    await expect(handler(event, undefined)).rejects.toThrow('downstream down')
    fail = false
    expect((await handler(event, undefined)).statusCode).toBe(204)
  })

  it('throws WebhookConfigError (and releases) when the handler returns no statusCode', async () => {
    let answer: unknown = undefined
    const handler = createLambdaHandler(verifier(), async () => answer as LambdaResult)
    const event = resign(functionUrl, BODY)
    await expect(handler(event, undefined)).rejects.toThrow(/must return \{ statusCode/)
    answer = { statusCode: 204 }
    expect((await handler(event, undefined)).statusCode).toBe(204)
  })
})

describe('createLambdaHandler options', () => {
  it('rejects an unknown option at construction, naming the nearest one', () => {
    expect(() =>
      createLambdaHandler(github, async () => ({ statusCode: 204 }), { limt: 5 } as never),
    ).toThrow(/limit/)
  })

  it("accepts @types/aws-lambda's event types", () => {
    const handle = async (): Promise<LambdaResult> => ({ statusCode: 204 })
    const v1 = createLambdaHandler<APIGatewayProxyEvent>(github, handle)
    const v2 = createLambdaHandler<APIGatewayProxyEventV2>(github, handle)
    const url = createLambdaHandler<LambdaFunctionURLEvent>(github, handle)
    const lb = createLambdaHandler<ALBEvent>(github, handle)
    expect([v1, v2, url, lb].every((h) => typeof h === 'function')).toBe(true)
  })
})

describe('a local Lambda invocation (lambda-local)', () => {
  it('runs the handler with a real context and answers the Function URL sample', async () => {
    const contexts: string[] = []
    const handler = createLambdaHandler(
      github,
      async (webhook, _event, context: { awsRequestId: string }) => {
        contexts.push(context.awsRequestId)
        return { statusCode: 200, body: webhook.text() }
      },
    )
    const result = await lambdaLocal.execute({
      event: resign(functionUrl, BODY),
      lambdaFunc: { handler },
      verboseLevel: 0,
    })
    expect(result).toStrictEqual({
      statusCode: 200,
      headers: {},
      body: BODY,
      isBase64Encoded: false,
    })
    expect(contexts).toHaveLength(1)
    expect(contexts[0]).toMatch(/^[0-9a-f-]{36}$/)
  })
})

it('answers 500 BODY_UNAVAILABLE when middleware replaced the body with parsed JSON', async () => {
  const errors: { code: string }[] = []
  const handler = createLambdaHandler(github, async () => ({ statusCode: 204 }), {
    onError: (error) => errors.push(error),
  })
  const event = resign(restV1, BODY) as unknown as Json
  event['body'] = JSON.parse(BODY) as unknown
  const response = await handler(event as unknown as LambdaHttpEvent, undefined)
  expect(response.statusCode).toBe(500)
  expect(errors).toMatchObject([{ code: 'ERR_WEBHOOK_BODY_UNAVAILABLE' }])
})
