/**
 * Secret hygiene: every error path of every check, preset and adapter, with distinctive canaries
 * as secrets, passwords, keys, signatures and bodies. Scanned: error `message`, `String(error)`,
 * `stack`, `JSON.stringify(error)`, own string properties and the whole `cause` chain; for the
 * adapters also the HTTP status line, response headers and body, and every `onError` payload.
 * Config errors too: a bad secret must not be echoed by the factory that refuses it.
 */
import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express from 'express'
import express4 from 'express4'
import Koa from 'koa'
import Koa2 from 'koa2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiKey,
  basicAuth,
  createVerifier,
  ecdsa,
  ed25519,
  hmac,
  jws,
  memoryReplayStore,
  presets,
  rotation,
  WebhookConfigError,
  type Check,
  type RejectedEvent,
  type ReplayStore,
  type VerificationEvents,
  type VerifiedEvent,
  type Verifier,
  type WebhookError,
  type WebhookRequest,
} from '@hookwarden/core'
import { signRequest } from '@hookwarden/core/testing'
import { createExpressMiddleware } from '@hookwarden/express'
import { createFetchHandler, verifyRequest } from '@hookwarden/fetch'
import { createKoaMiddleware } from '@hookwarden/koa'
import { assertNoCanary, errorTexts } from './support/invariants.js'
import {
  BODY_CANARY,
  KEYS,
  NOW,
  prepare,
  privateCanaries,
  subjectSpecs,
  type Subject,
} from './support/subjects.js'
import { renderBody, renderHeaders } from './support/model.js'

const CANARY = (name: string) => `hkc-${name}-S3cr3t-9Qz`

function scanError(error: unknown, canaries: readonly string[], where: string): void {
  assertNoCanary(errorTexts(error), canaries, where)
}

/** Listeners that keep every verification event, to be scanned like errors. */
function recorder() {
  const emitted: (VerifiedEvent | RejectedEvent)[] = []
  const events: VerificationEvents = {
    verified: (e) => emitted.push(e),
    rejected: (e) => emitted.push(e),
  }
  return { events, emitted }
}

/**
 * Every field of every event, as text. A verified event's `id` and `timestamp` are left out: the
 * signed delivery id and time, reported by design (the handler sees them as `webhook.id` and
 * `webhook.timestamp`; Orb's timestamp header is an ISO date a Date serialises back to).
 */
function scanEvents(
  emitted: readonly (VerifiedEvent | RejectedEvent)[],
  canaries: readonly string[],
  where: string,
): void {
  for (const event of emitted) {
    const { id: _id, timestamp: _timestamp, ...rest } = event as VerifiedEvent
    const texts = [JSON.stringify(rest), ...Object.values(rest).map((v) => String(v))]
    assertNoCanary(texts, canaries, `${where} / ${'code' in event ? event.code : 'verified'} event`)
  }
}

/** Runs `make` and returns the config error it throws (it must throw one). */
function configError(make: () => unknown): WebhookConfigError {
  try {
    make()
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookConfigError)
    return error as WebhookConfigError
  }
  throw new Error('expected a WebhookConfigError')
}

describe('core: every verification error path of every check and preset', () => {
  const subjects = Promise.all(subjectSpecs().map((spec) => prepare(spec)))

  const requests = (subject: Subject): [string, WebhookRequest, number?][] => {
    const state = subject.genuine[0]!.state
    const base = () => ({
      method: state.method.text,
      url: state.url.text,
      headers: { ...(renderHeaders(state).headers as Record<string, string>) },
      body: renderBody(state),
    })
    const out: [string, WebhookRequest, number?][] = []
    out.push(['genuine, clock 1 day later (too old)', base(), NOW + 86_400_000])
    out.push(['genuine, clock 1 day earlier (too new)', base(), NOW - 86_400_000])
    out.push(['body changed', { ...base(), body: `${BODY_CANARY} forged` }])
    const none = base()
    const junk = base()
    for (const header of subject.headers) {
      delete none.headers[header.name]
      junk.headers[header.name] = `${BODY_CANARY}!`
    }
    out.push(['no header at all', none], ['every header junk', junk])
    for (const header of subject.headers) {
      const missing = base()
      delete missing.headers[header.name]
      out.push([`no ${header.name}`, missing])
      for (const junk of [
        '!!',
        'nope',
        't=,v1=',
        `v1=${BODY_CANARY}`,
        'v1,=',
        'Basic !',
        'a.b.c',
      ]) {
        const bad = base()
        bad.headers[header.name] = junk
        out.push([`${header.name}: ${junk}`, bad])
      }
    }
    return out
  }

  for (const spec of subjectSpecs()) {
    it(spec.name, async () => {
      const subject = (await subjects).find((s) => s.name === spec.name)!
      const canaries = [
        ...subject.canaries,
        BODY_CANARY,
        ...Object.values(subject.genuine[0]!.signed).filter((v) => v.length >= 16),
      ]
      const seen = new Set<string>()
      const { events, emitted } = recorder()
      for (const [what, request, now] of requests(subject)) {
        const result = await createVerifier(subject.check, {
          clock: () => now ?? NOW,
          events,
        }).verify(request)
        if (result.ok) continue
        seen.add(result.error.code)
        scanError(result.error, canaries, `${spec.name} / ${what}`)
      }
      // Body too large, replayed, replay store down.
      const genuine: WebhookRequest = {
        method: subject.genuine[0]!.state.method.text,
        url: subject.genuine[0]!.state.url.text,
        headers: renderHeaders(subject.genuine[0]!.state).headers,
        body: renderBody(subject.genuine[0]!.state),
      }
      const small = await createVerifier(subject.check, {
        clock: () => NOW,
        maxBodyBytes: 1,
        events,
      }).verify({ ...genuine, body: `${BODY_CANARY}` })
      expect(small.ok).toBe(false)
      if (!small.ok) scanError(small.error, canaries, `${spec.name} / too large`)
      if (spec.bodySigned) {
        const replay = createVerifier(subject.check, {
          clock: () => NOW,
          replay: memoryReplayStore(),
          events,
        })
        expect((await replay.verify(genuine)).ok).toBe(true)
        const again = await replay.verify(genuine)
        expect(again.ok ? 'accepted' : again.error.code).toBe('ERR_WEBHOOK_REPLAYED')
        if (!again.ok) scanError(again.error, canaries, `${spec.name} / replayed`)
        const down: ReplayStore = {
          reserve: () => Promise.reject(new Error('store unreachable')),
          renew: () => Promise.reject(new Error('store unreachable')),
          commit: () => Promise.reject(new Error('store unreachable')),
          release: () => Promise.reject(new Error('store unreachable')),
        }
        const failing = await createVerifier(subject.check, {
          clock: () => NOW,
          replay: down,
          events,
        }).verify(genuine)
        expect(failing.ok ? 'accepted' : failing.error.code).toBe(
          'ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE',
        )
        if (!failing.ok) scanError(failing.error, canaries, `${spec.name} / store down`)
      } else {
        // Credentials alone cannot key a replay store: a config error, which must not leak either.
        const error = await createVerifier(subject.check, {
          clock: () => NOW,
          replay: memoryReplayStore(),
          events,
        })
          .verify(genuine)
          .then(
            () => undefined,
            (e: unknown) => e,
          )
        expect(error).toBeInstanceOf(WebhookConfigError)
        scanError(error, canaries, `${spec.name} / replay without a signature`)
      }
      expect(seen.size).toBeGreaterThan(1)
      // Verification events: the genuine delivery too, through receive as adapters call it.
      const received = await createVerifier(subject.check, { clock: () => NOW, events }).receive(
        genuine,
      )
      expect(received.ok).toBe(true)
      expect(emitted.map((e) => ('code' in e ? 'rejected' : 'verified'))).toContain('verified')
      expect(emitted.map((e) => ('code' in e ? 'rejected' : 'verified'))).toContain('rejected')
      scanEvents(emitted, canaries, spec.name)
    })
  }
})

describe('config errors never echo the secret or key they refuse', () => {
  const s = CANARY('config')
  const pem = KEYS.p256.privatePem
  const privateJwk = KEYS.p256.privateKey.export({ format: 'jwk' })
  const edPem = KEYS.ed.privatePem
  const canaries = [s, s.slice(4, 20), ...privateCanaries(KEYS.p256), ...privateCanaries(KEYS.ed)]
  const cases: [string, () => unknown][] = [
    [
      'hmac: not hex',
      () => hmac({ header: 'x', encoding: 'hex', secretEncoding: 'hex', secrets: s }),
    ],
    [
      'hmac: not Base64',
      () => hmac({ header: 'x', encoding: 'hex', secretEncoding: 'base64', secrets: s }),
    ],
    [
      'hmac: not whsec',
      () => hmac({ header: 'x', encoding: 'hex', secretEncoding: 'whsec', secrets: `whsec_${s}!` }),
    ],
    ['hmac: 11 secrets', () => hmac({ header: 'x', encoding: 'hex', secrets: Array(11).fill(s) })],
    [
      'hmac: secret of the wrong type',
      () => hmac({ header: 'x', encoding: 'hex', secrets: { value: { s } as never } }),
    ],
    [
      'hmac: bad window',
      () => hmac({ header: 'x', encoding: 'hex', secrets: { value: s, notBefore: s } }),
    ],
    ['hmac: bad encoding name', () => hmac({ header: 'x', encoding: s as never, secrets: s })],
    [
      'hmac: bad template',
      () => hmac({ header: 'x', encoding: 'hex', secrets: s, content: '{nope}' }),
    ],
    ['rotation: bad date', () => rotation({ current: s, previous: s, rolledAt: s, grace: '1h' })],
    ['basicAuth: empty password', () => basicAuth({ credentials: { username: s, password: '' } })],
    ['basicAuth: empty username', () => basicAuth({ credentials: { username: '', password: s } })],
    ['apiKey: empty key in a list', () => apiKey({ header: 'x-api-key', keys: [s, ''] })],
    ['apiKey: no header', () => apiKey({ header: '', keys: s })],
    [
      'ecdsa: a private PEM as the public key',
      () => ecdsa({ header: 'x', encoding: 'base64', keys: pem }),
    ],
    [
      'ecdsa: a private JWK as the public key',
      () => ecdsa({ header: 'x', encoding: 'base64', keys: privateJwk }),
    ],
    ['ecdsa: an HMAC secret as the key', () => ecdsa({ header: 'x', encoding: 'base64', keys: s })],
    [
      'ecdsa: a symmetric JWK',
      () =>
        ecdsa({
          header: 'x',
          encoding: 'base64',
          keys: { kty: 'oct', k: Buffer.from(s).toString('base64url') },
        }),
    ],
    [
      'ed25519: a private PEM as the public key',
      () => ed25519({ header: 'x', encoding: 'hex', keys: edPem }),
    ],
    ['ed25519: a secret as the key', () => ed25519({ header: 'x', encoding: 'hex', keys: s })],
    ['jws: a private JWK', () => jws({ header: 'x', algorithms: ['ES256'], keys: privateJwk })],
    [
      'jws: HS256 with a secret',
      () => jws({ header: 'x', algorithms: ['HS256' as never], keys: s }),
    ],
    ['sendgrid: the secret as publicKey', () => presets.sendgrid({ publicKey: s })],
    [
      'monime: both secret and publicKey',
      () => presets.monime({ secret: s, publicKey: pem } as never),
    ],
    [
      'monime: a bad static header name',
      () => presets.monime({ secret: s, headers: { [`${s} x`]: s } }),
    ],
    [
      'solvimon.fromWebhook: wrong protocol',
      () => presets.solvimon.fromWebhook({ secret_key: s, signing_protocol: s }),
    ],
    [
      'solvimon.fromWebhook: no password',
      () =>
        presets.solvimon.fromWebhook({
          secret_key: s,
          authentication_type: 'PASSWORD',
          username: s,
        }),
    ],
    [
      'solvimon.fromWebhook: bad auth type',
      () => presets.solvimon.fromWebhook({ secret_key: s, authentication_type: s }),
    ],
    ['solvimon: bad apiKey option', () => presets.solvimon({ secret: s, apiKey: s as never })],
    ['square: bad notificationUrl', () => presets.square({ secret: s, notificationUrl: s })],
    ['standardWebhooks: not whsec', () => presets.standardWebhooks({ secret: `whsec_${s}` })],
    [
      'createVerifier: bad tolerance',
      () => createVerifier(presets.github({ secret: s }), { tolerance: -1 }),
    ],
  ]
  it.each(cases)('%s', (_name, make) => {
    scanError(configError(make), canaries, _name)
  })

  it('signRequest with a wrong or missing private key', async () => {
    const check = presets.sendgrid({ publicKey: KEYS.p256.publicPem })
    for (const privateKey of [edPem, undefined, s, { ...privateJwk, d: undefined }]) {
      const error = await signRequest(check, { body: BODY_CANARY, privateKey }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(WebhookConfigError)
      scanError(error, [...canaries, BODY_CANARY], 'signRequest')
    }
  })
})

// ---- adapters ----------------------------------------------------------------------------------

const SECRET = CANARY('adapter-hmac')
const PASSWORD = CANARY('adapter-pass')
const KEY = CANARY('adapter-key')
const BODY = `{"note":"${BODY_CANARY}"}`
const t = () => String(Math.floor(Date.now() / 1000))
const stripeSig = (body: string, ts: string, secret = SECRET) =>
  `t=${ts},v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`
const githubSig = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

const storeDown: ReplayStore = {
  reserve: () => Promise.reject(new Error('replay store unreachable')),
  renew: () => Promise.reject(new Error('replay store unreachable')),
  commit: () => Promise.reject(new Error('replay store unreachable')),
  release: () => Promise.reject(new Error('replay store unreachable')),
}
const throwing: Check = {
  name: 'throwing',
  verify: () => {
    throw new TypeError('a bug in a custom check')
  },
}

/** One receiver per route, mounted the same way on every adapter. */
function routes(): Record<string, { check: Check | Verifier; limit?: number }> {
  return {
    '/github': { check: presets.github({ secret: SECRET }), limit: 256 },
    '/stripe': {
      check: createVerifier(presets.stripe({ secret: SECRET }), { replay: memoryReplayStore() }),
    },
    '/basic': { check: basicAuth({ credentials: { username: 'user', password: PASSWORD } }) },
    '/key': { check: apiKey({ header: 'x-api-key', keys: KEY }) },
    '/solvimon': {
      check: presets.solvimon({
        secret: SECRET,
        basicAuth: { username: 'a:b', password: PASSWORD },
      }),
    },
    '/plaid': {
      check: presets.plaid({
        keys: async () => {
          throw new Error('key service down')
        },
      }),
    },
    '/store-down': {
      check: createVerifier(presets.github({ secret: SECRET }), { replay: storeDown }),
    },
    '/throws': { check: throwing },
  }
}

interface Delivery {
  path: string
  headers: Record<string, string>
  body: string
  status: number
}

/** Requests reaching every error code the adapters can answer. */
function deliveries(): Delivery[] {
  const now = t()
  const basic = (password: string) => `Basic ${Buffer.from(`user:${password}`).toString('base64')}`
  return [
    { path: '/github', headers: {}, body: BODY, status: 401 },
    {
      path: '/github',
      headers: { 'x-hub-signature-256': `sha256=${BODY_CANARY}` },
      body: BODY,
      status: 400,
    },
    {
      path: '/github',
      headers: { 'x-hub-signature-256': githubSig(BODY, 'other') },
      body: BODY,
      status: 401,
    },
    {
      path: '/github',
      headers: { 'x-hub-signature-256': githubSig(BODY) },
      body: `${BODY}${' '.repeat(300)}`,
      status: 413,
    },
    {
      path: '/github',
      headers: { 'x-hub-signature-256': githubSig(BODY) },
      body: BODY,
      status: 200,
    },
    {
      path: '/stripe',
      headers: { 'stripe-signature': stripeSig(BODY, now) },
      body: BODY,
      status: 200,
    },
    {
      path: '/stripe',
      headers: { 'stripe-signature': stripeSig(BODY, now) },
      body: BODY,
      status: 200,
    }, // duplicate: acknowledged
    {
      path: '/stripe',
      headers: { 'stripe-signature': stripeSig(BODY, '1') },
      body: BODY,
      status: 401,
    },
    {
      path: '/stripe',
      headers: { 'stripe-signature': stripeSig(BODY, String(Number(now) + 86_400)) },
      body: BODY,
      status: 401,
    },
    {
      path: '/stripe',
      headers: { 'stripe-signature': `t=${BODY_CANARY},v1=00` },
      body: BODY,
      status: 400,
    },
    {
      path: '/stripe',
      headers: { 'stripe-signature': `v1=${'0'.repeat(64)}` },
      body: BODY,
      status: 401,
    },
    { path: '/basic', headers: {}, body: BODY, status: 401 },
    { path: '/basic', headers: { authorization: basic(`${PASSWORD}x`) }, body: BODY, status: 401 },
    { path: '/basic', headers: { authorization: `Basic ${PASSWORD}` }, body: BODY, status: 401 },
    { path: '/key', headers: { 'x-api-key': `${KEY}x` }, body: BODY, status: 401 },
    { path: '/key', headers: {}, body: BODY, status: 401 },
    { path: '/solvimon', headers: { authorization: basic(PASSWORD) }, body: BODY, status: 401 },
    {
      path: '/plaid',
      headers: {
        'plaid-verification': `eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.${Buffer.from(JSON.stringify({ iat: Number(now), request_body_sha256: createHmac('sha256', 'x').update('').digest('hex') })).toString('base64url')}.AAAA`,
      },
      body: BODY,
      status: 401,
    },
    {
      path: '/store-down',
      headers: { 'x-hub-signature-256': githubSig(BODY) },
      body: BODY,
      status: 503,
    },
    { path: '/throws', headers: { 'x-secret-header': SECRET }, body: BODY, status: 500 },
  ]
}

const ADAPTER_CANARIES = [
  SECRET,
  PASSWORD,
  KEY,
  BODY_CANARY,
  Buffer.from(`user:${PASSWORD}`).toString('base64'),
]

interface Adapter {
  name: string
  start(onError: (error: WebhookError) => void): Promise<(d: Delivery) => Promise<Response>>
  stop(): Promise<void>
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  )
}
const post = (base: string) => (d: Delivery) =>
  fetch(base + d.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...d.headers },
    body: d.body,
  })

function expressAdapter(name: string, make: typeof express): Adapter {
  let server: Server | undefined
  return {
    name,
    async start(onError) {
      const app = make()
      for (const [path, route] of Object.entries(routes())) {
        const options = { ...(route.limit ? { limit: route.limit } : {}), onError }
        app.post(path, createExpressMiddleware(route.check, options), (_req, res) => {
          res.json({ ok: true })
        })
      }
      // A body parser ran first: ERR_WEBHOOK_BODY_UNAVAILABLE, with the fix in the message.
      const github = createExpressMiddleware(presets.github({ secret: SECRET }), { onError })
      app.post('/parsed', make.json(), github, (_q, r) => {
        r.end()
      })
      server = app.listen(0, '127.0.0.1')
      return post(await listen(server))
    },
    stop: () => stopServer(server),
  }
}

function koaAdapter(name: string, KoaClass: typeof Koa): Adapter {
  let server: Server | undefined
  return {
    name,
    async start(onError) {
      const app = new KoaClass()
      const table = new Map(
        Object.entries(routes()).map(([path, route]) => [
          path,
          createKoaMiddleware(route.check, {
            ...(route.limit ? { limit: route.limit } : {}),
            onError,
          }),
        ]),
      )
      app.use(async (ctx) => {
        const middleware = table.get(ctx.path)
        if (middleware === undefined) return
        await middleware(ctx, async () => {
          ctx.body = { ok: true }
        })
      })
      server = app.listen(0, '127.0.0.1')
      return post(await listen(server))
    },
    stop: () => stopServer(server),
  }
}

async function stopServer(server: Server | undefined): Promise<void> {
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
}

const fetchAdapter: Adapter = {
  name: 'fetch',
  async start(onError) {
    const handlers = new Map(
      Object.entries(routes()).map(([path, route]) => [
        path,
        createFetchHandler(route.check, () => Response.json({ ok: true }), {
          ...(route.limit ? { limit: route.limit } : {}),
          onError,
        }),
      ]),
    )
    return (d) =>
      handlers.get(d.path)!(
        new Request(`https://hooks.test${d.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...d.headers },
          body: d.body,
        }),
      )
  },
  async stop() {},
}

const adapters: Adapter[] = [
  expressAdapter('express', express),
  expressAdapter('express 4', express4),
  koaAdapter('koa', Koa),
  koaAdapter('koa 2', Koa2),
  fetchAdapter,
]

describe.each(adapters)('adapter $name: responses and onError payloads', (adapter) => {
  const errors: WebhookError[] = []
  let send: (d: Delivery) => Promise<Response>
  beforeAll(async () => {
    send = await adapter.start((error) => errors.push(error))
  })
  afterAll(() => adapter.stop())

  it('answers every error with its status and {"error":code} only, and leaks nothing', async () => {
    const codes = new Set<string>()
    for (const delivery of deliveries()) {
      const response = await send(delivery)
      const text = await response.text()
      expect(response.status, `${delivery.path} ${JSON.stringify(delivery.headers)}`).toBe(
        delivery.status,
      )
      const headerText = [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')
      assertNoCanary(
        [text, headerText, response.statusText],
        ADAPTER_CANARIES,
        `${adapter.name} ${delivery.path} response`,
      )
      if (delivery.status !== 200) {
        const parsed = JSON.parse(text) as { error: string }
        expect(Object.keys(parsed)).toEqual(['error'])
        codes.add(parsed.error)
      }
    }
    if (adapter.name.startsWith('express')) {
      const response = await send({
        path: '/parsed',
        headers: { 'x-hub-signature-256': githubSig(BODY) },
        body: BODY,
        status: 500,
      })
      expect(response.status).toBe(500)
      assertNoCanary([await response.text()], ADAPTER_CANARIES, 'express /parsed')
      codes.add('ERR_WEBHOOK_BODY_UNAVAILABLE')
    }
    expect(codes.size).toBeGreaterThanOrEqual(10)
    // onError saw every failure, with the whole error (causes included): still no secret in it.
    expect(errors.length).toBeGreaterThanOrEqual(
      deliveries().filter((d) => d.status !== 200).length,
    )
    for (const error of errors)
      scanError(error, ADAPTER_CANARIES, `${adapter.name} onError ${error.code}`)
    // The throwing check's bug reaches onError as the cause, never the client.
    expect(
      errors.some((e) => errorTexts(e).some((x) => x.includes('a bug in a custom check'))),
    ).toBe(true)
  })
})

describe('verifyRequest (fetch) results', () => {
  it('rejections carry no secret', async () => {
    const check = presets.stripe({ secret: SECRET })
    for (const header of [
      stripeSig(BODY, '1'),
      `t=${t()},v1=${BODY_CANARY}`,
      stripeSig(`${BODY} `, t()),
    ]) {
      const result = await verifyRequest(
        check,
        new Request('https://hooks.test/', {
          method: 'POST',
          headers: { 'stripe-signature': header },
          body: BODY,
        }),
      )
      expect(result.ok).toBe(false)
      if (!result.ok) scanError(result.error, ADAPTER_CANARIES, 'verifyRequest')
    }
  })
})
