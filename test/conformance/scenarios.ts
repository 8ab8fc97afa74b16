/**
 * The adapter conformance table: one row per behaviour, run against every adapter and runtime.
 * Expected signatures come from node:crypto, the official Standard Webhooks SDK or GitHub's docs.
 */
import { createHmac } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { SECRETS } from './routes.js'

export type AdapterKind =
  'express' | 'koa' | 'fetch' | 'fastify' | 'nestjs' | 'node' | 'hono' | 'lambda'

/** Every adapter kind: a scenario without `kinds` runs against all of them. */
export const ADAPTER_KINDS: readonly AdapterKind[] = [
  'express',
  'koa',
  'fetch',
  'fastify',
  'nestjs',
  'node',
  'hono',
  'lambda',
]

/**
 * What runs before the webhook middleware: nothing; a body parser that consumed the stream
 * (`parsed`); one mounted but not matching the content type (`parsed-unmatched`); one that kept the
 * raw bytes (`kept`) or the raw text (`kept-text`); `express.raw()` (`raw`).
 */
export type Setup = 'plain' | 'parsed' | 'parsed-unmatched' | 'kept' | 'kept-text' | 'raw'

export interface Delivery {
  /** Default `POST`; a `GET` carries no body (endpoint handshakes). */
  method?: 'GET' | 'POST'
  headers: Record<string, string>
  /** Bytes, or a generated stream of `stream` bytes sent without Content-Length. */
  body: Uint8Array<ArrayBuffer> | { stream: number }
}

export type Expectation =
  | { status: 200; check: string; id?: string }
  /** An endpoint handshake answered by the adapter itself: exact body, the handler never ran. */
  | { status: 200; handshake: { contentType: RegExp; body: string } }
  | {
      status: number
      code: string
      /** A `WWW-Authenticate` header is expected. */
      challenge?: boolean
      /** `onError` must receive a `WebhookConfigError`. */
      configError?: boolean
      /** `onError` must receive the original exception as `cause`. */
      cause?: string
    }

export interface Scenario {
  name: string
  path: string
  setup: Setup
  /** Default: every adapter (each mounts the `plain` and `parsed` setups). */
  kinds?: readonly AdapterKind[]
  deliver(): Promise<Delivery> | Delivery
  expect: Expectation
}

const utf8 = (text: string) => new TextEncoder().encode(text)
const now = () => Math.floor(Date.now() / 1000)
const json = { 'content-type': 'application/json' }

const SLACK_CHALLENGE = '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'

/** A Slack Events API request, signed as Slack documents: `v0:{timestamp}:{body}`. */
function slack(body: Uint8Array<ArrayBuffer>, secret: string = SECRETS.slack): Delivery {
  const t = String(now())
  const mac = createHmac('sha256', secret).update(`v0:${t}:`).update(body).digest('hex')
  return {
    headers: { ...json, 'x-slack-request-timestamp': t, 'x-slack-signature': `v0=${mac}` },
    body,
  }
}

const githubSign = (body: Uint8Array) =>
  'sha256=' + createHmac('sha256', SECRETS.github).update(body).digest('hex')

function stripe(body: Uint8Array<ArrayBuffer>, t: number): Delivery {
  const v1 = createHmac('sha256', SECRETS.stripe).update(`${t}.`).update(body).digest('hex')
  return { headers: { ...json, 'stripe-signature': `t=${t},v1=${v1}` }, body }
}

function github(body: Uint8Array<ArrayBuffer>, extra: Record<string, string> = json): Delivery {
  return { headers: { ...extra, 'x-hub-signature-256': githubSign(body) }, body }
}

const basic = (user: string, password: string) =>
  'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64')

const EVENT = utf8('{"action":"opened","number":1,"title":"déjà vu ✓"}')
/** Not UTF-8 at all: a lone continuation byte, an overlong form, a surrogate half and 0xFF. */
const NOT_UTF8 = new Uint8Array([0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, 0xfe, 0x00, 0x7b])

/** A JSON document of exactly `size` bytes (a framework may parse JSON before the adapter). */
const jsonOfSize = (size: number) => utf8(`{"a":"${'a'.repeat(size - 8)}"}`)

export const STREAM_BYTES = 16 * 1024 * 1024

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "accepts GitHub's documented example delivery",
    path: '/github',
    setup: 'plain',
    deliver: () => ({
      headers: {
        'x-hub-signature-256':
          'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      body: utf8('Hello, World!'),
    }),
    expect: { status: 200, check: 'github' },
  },
  {
    name: 'accepts a Stripe delivery signed with node:crypto',
    path: '/stripe',
    setup: 'plain',
    deliver: () => stripe(EVENT, now()),
    expect: { status: 200, check: 'stripe' },
  },
  {
    name: 'accepts a Standard Webhooks delivery signed by the official SDK',
    path: '/standard',
    setup: 'plain',
    deliver() {
      const signedAt = new Date()
      const signature = new Webhook(SECRETS.standardWebhooks).sign(
        'msg_conformance_1',
        signedAt,
        Buffer.from(EVENT),
      )
      const headers = {
        ...json,
        'webhook-id': 'msg_conformance_1',
        'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
        'webhook-signature': signature,
      }
      return { headers, body: EVENT }
    },
    expect: { status: 200, check: 'standardWebhooks', id: 'msg_conformance_1' },
  },
  {
    name: 'verifies invalid UTF-8 bytes exactly as received',
    path: '/github',
    setup: 'plain',
    deliver: () => github(NOT_UTF8, { 'content-type': 'application/octet-stream' }),
    expect: { status: 200, check: 'github' },
  },
  {
    name: 'accepts an empty signed body',
    path: '/github',
    setup: 'plain',
    deliver: () => github(new Uint8Array(0)),
    expect: { status: 200, check: 'github' },
  },
  {
    name: 'rejects a wrong signature',
    path: '/github',
    setup: 'plain',
    deliver() {
      const delivery = github(EVENT)
      const sig = delivery.headers['x-hub-signature-256']!
      delivery.headers['x-hub-signature-256'] = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0')
      return delivery
    },
    expect: { status: 401, code: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' },
  },
  {
    name: 'rejects a tampered body',
    path: '/github',
    setup: 'plain',
    deliver: () => ({
      ...github(EVENT),
      body: utf8('{"action":"closed","number":1,"title":"déjà vu ✓"}'),
    }),
    expect: { status: 401, code: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' },
  },
  {
    name: 'rejects a missing signature header',
    path: '/github',
    setup: 'plain',
    deliver: () => ({ headers: json, body: EVENT }),
    expect: { status: 401, code: 'ERR_WEBHOOK_SIGNATURE_MISSING' },
  },
  {
    name: 'rejects a hex signature re-encoded as Base64',
    path: '/github',
    setup: 'plain',
    deliver() {
      const mac = createHmac('sha256', SECRETS.github).update(EVENT).digest('base64')
      return { headers: { ...json, 'x-hub-signature-256': `sha256=${mac}` }, body: EVENT }
    },
    expect: { status: 400, code: 'ERR_WEBHOOK_SIGNATURE_MALFORMED' },
  },
  {
    name: 'rejects an expired Stripe timestamp',
    path: '/stripe',
    setup: 'plain',
    deliver: () => stripe(EVENT, now() - 3600),
    expect: { status: 401, code: 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD' },
  },
  {
    name: "applies a Verifier's own tolerance (120 s old, 60 s allowed)",
    path: '/stripe-verifier',
    setup: 'plain',
    deliver: () => stripe(EVENT, now() - 120),
    expect: { status: 401, code: 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD' },
  },
  {
    name: 'accepts a fresh delivery through a Verifier',
    path: '/stripe-verifier',
    setup: 'plain',
    deliver: () => stripe(EVENT, now()),
    expect: { status: 200, check: 'stripe' },
  },
  {
    name: 'accepts basic auth whose password contains a colon',
    path: '/basic',
    setup: 'plain',
    deliver: () => ({
      headers: { ...json, authorization: basic(SECRETS.basic.username, SECRETS.basic.password) },
      body: EVENT,
    }),
    expect: { status: 200, check: 'basicAuth' },
  },
  {
    name: 'rejects a wrong basic-auth password with WWW-Authenticate',
    path: '/basic',
    setup: 'plain',
    deliver: () => ({
      headers: { ...json, authorization: basic(SECRETS.basic.username, 'wrong') },
      body: EVENT,
    }),
    expect: { status: 401, code: 'ERR_WEBHOOK_CREDENTIALS_INVALID', challenge: true },
  },
  {
    name: 'rejects missing basic auth with WWW-Authenticate',
    path: '/basic',
    setup: 'plain',
    deliver: () => ({ headers: json, body: EVENT }),
    expect: { status: 401, code: 'ERR_WEBHOOK_CREDENTIALS_MISSING', challenge: true },
  },
  {
    name: 'accepts a body exactly at the limit (1024 bytes)',
    path: '/github-small',
    setup: 'plain',
    deliver: () => github(jsonOfSize(1024)),
    expect: { status: 200, check: 'github' },
  },
  {
    name: 'rejects a signed body one byte over the limit',
    path: '/github-small',
    setup: 'plain',
    deliver: () => github(jsonOfSize(1025)),
    expect: { status: 413, code: 'ERR_WEBHOOK_BODY_TOO_LARGE' },
  },
  {
    name: 'answers 413 to a 16 MiB stream without Content-Length before reading it all',
    path: '/github',
    setup: 'plain',
    deliver: () => ({
      headers: { 'x-hub-signature-256': githubSign(EVENT) },
      body: { stream: STREAM_BYTES },
    }),
    expect: { status: 413, code: 'ERR_WEBHOOK_BODY_TOO_LARGE' },
  },
  {
    name: "answers Slack's signed url_verification handshake without running the handler",
    path: '/slack',
    setup: 'plain',
    deliver: () =>
      slack(utf8(`{"token":"t","challenge":"${SLACK_CHALLENGE}","type":"url_verification"}`)),
    expect: {
      status: 200,
      handshake: {
        contentType: /^application\/json/,
        body: JSON.stringify({ challenge: SLACK_CHALLENGE }),
      },
    },
  },
  {
    name: 'rejects a url_verification handshake signed with another secret',
    path: '/slack',
    setup: 'plain',
    deliver: () =>
      slack(
        utf8(`{"token":"t","challenge":"${SLACK_CHALLENGE}","type":"url_verification"}`),
        'not the signing secret',
      ),
    expect: { status: 401, code: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' },
  },
  {
    name: "answers Dropbox's GET ?challenge= handshake as text without running the handler",
    path: '/dropbox?challenge=hookwarden-conformance-42',
    setup: 'plain',
    deliver: () => ({ method: 'GET', headers: {}, body: new Uint8Array(0) }),
    expect: {
      status: 200,
      handshake: { contentType: /^text\/plain/, body: 'hookwarden-conformance-42' },
    },
  },
  {
    name: 'answers 500 without details when a check throws',
    path: '/exploding',
    setup: 'plain',
    deliver: () => github(EVENT),
    expect: {
      status: 500,
      code: 'ERR_WEBHOOK_CONFIG_INVALID',
      cause: 'boom: internal detail that must not leak',
    },
  },
  {
    name: 'answers 500 BODY_UNAVAILABLE at once when a body parser ran first',
    path: '/github',
    setup: 'parsed',
    deliver: () => github(EVENT),
    expect: { status: 500, code: 'ERR_WEBHOOK_BODY_UNAVAILABLE', configError: true },
  },
  {
    name: 'reads the stream when a mounted parser did not match the content type',
    path: '/github',
    setup: 'parsed-unmatched',
    kinds: ['express', 'koa'],
    deliver: () => github(EVENT, { 'content-type': 'text/plain' }),
    expect: { status: 200, check: 'github' },
  },
  {
    name: 'verifies the raw bytes a body parser kept (keepRawBody / ctx.request.rawBody / req.rawBody)',
    path: '/github',
    setup: 'kept',
    kinds: ['express', 'koa', 'node'],
    deliver: () => github(EVENT),
    expect: { status: 200, check: 'github' },
  },
  {
    name: 'verifies the raw text a Koa body parser kept',
    path: '/stripe',
    setup: 'kept-text',
    kinds: ['koa'],
    deliver: () => stripe(EVENT, now()),
    expect: { status: 200, check: 'stripe' },
  },
  {
    name: 'verifies the Buffer left by express.raw()',
    path: '/standard',
    setup: 'raw',
    kinds: ['express'],
    deliver() {
      // node:crypto, not the SDK: the SDK decodes a Buffer payload to a string, which changes these bytes.
      const t = String(now())
      const key = Buffer.from(SECRETS.standardWebhooks.slice('whsec_'.length), 'base64')
      const mac = createHmac('sha256', key)
        .update(`msg_raw.${t}.`)
        .update(NOT_UTF8)
        .digest('base64')
      const headers = {
        'content-type': 'application/octet-stream',
        'webhook-id': 'msg_raw',
        'webhook-timestamp': t,
        'webhook-signature': `v1,${mac}`,
      }
      return { headers, body: NOT_UTF8 }
    },
    expect: { status: 200, check: 'standardWebhooks', id: 'msg_raw' },
  },
]

/** The URL path a scenario is sent to: `/<setup>/<route>`, or just the route for `plain`. */
export const scenarioPath = (s: Scenario): string =>
  s.setup === 'plain' ? s.path : `/${s.setup}${s.path}`
