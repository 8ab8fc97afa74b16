import { createHash, createHmac, generateKeyPairSync, sign as nodeSign } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Check } from './check.js'
import { WebhookVerificationError, type WebhookError } from './errors.js'
import type { HandshakeEvent, RejectedEvent, VerifiedEvent } from './events.js'
import {
  allOf,
  apiKey,
  basicAuth,
  createVerifier,
  ecdsa,
  ed25519,
  hmac,
  jws,
  memoryReplayStore,
  rotation,
  type ReplayStore,
  type VerifierOptions,
} from './index.js'
import type { ParsedWebhookRequest, WebhookRequest } from './request.js'

const NEW = 'secret-new'
const OLD = 'secret-old'
const BODY = '{"event":"ping"}'
/** 2026-01-01T00:00:00Z, from Date.UTC rather than the date parser under test. */
const T = Date.UTC(2026, 0, 1)
const mac = (secret: string, body: string = BODY) =>
  createHmac('sha256', secret).update(body).digest('hex')
const signed = (secret: string, body: string = BODY): WebhookRequest => ({
  headers: { 'x-sig': mac(secret, body) },
  body,
})

/** A verifier whose events land in arrays. */
function observed(check: Check, options: VerifierOptions = {}) {
  const verified: VerifiedEvent[] = []
  const rejected: RejectedEvent[] = []
  const handshakes: HandshakeEvent[] = []
  const verifier = createVerifier(check, {
    ...options,
    events: {
      verified: (e) => verified.push(e),
      rejected: (e) => rejected.push(e),
      handshake: (e) => handshakes.push(e),
    },
  })
  return { verifier, verified, rejected, handshakes }
}

async function statusOf(check: Check, request: WebhookRequest, now = T) {
  const { verifier, verified } = observed(check, { clock: () => now })
  const result = await verifier.verify(request)
  expect(result.ok ? 'ok' : result.error.code).toBe('ok')
  expect(verified).toHaveLength(1)
  const event = verified[0]!
  // The webhook reports the same key as the event.
  if (result.ok)
    expect([result.webhook.keyId, result.webhook.keyStatus]).toEqual([event.keyId, event.keyStatus])
  return { keyId: event.keyId, keyStatus: event.keyStatus }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('verified and rejected events', () => {
  it('reports a verification with the check, key, status and a duration', async () => {
    const { verifier, verified, rejected } = observed(
      hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW }),
    )
    const result = await verifier.verify(signed(NEW))
    expect(result.ok).toBe(true)
    expect(rejected).toEqual([])
    expect(verified).toEqual([
      {
        check: 'hmac',
        keyId: '0',
        keyStatus: 'current',
        id: undefined,
        timestamp: undefined,
        durationMs: expect.any(Number) as unknown,
      },
    ])
    expect(verified[0]!.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('reports the signed delivery id and timestamp', async () => {
    const check = hmac({
      header: 'webhook-signature',
      encoding: 'hex',
      secrets: { value: NEW, id: 'k1' },
      timestamp: { header: 'webhook-timestamp' },
      id: { header: 'webhook-id' },
      content: '{id}.{timestamp}.{body}',
    })
    const { verifier, verified } = observed(check, { clock: () => T })
    const ts = String(T / 1000)
    const signature = createHmac('sha256', NEW).update(`msg_1.${ts}.${BODY}`).digest('hex')
    await verifier.verify({
      headers: { 'webhook-signature': signature, 'webhook-timestamp': ts, 'webhook-id': 'msg_1' },
      body: BODY,
    })
    expect(verified).toHaveLength(1)
    expect(verified[0]).toMatchObject({ check: 'hmac', keyId: 'k1', id: 'msg_1' })
    expect(verified[0]!.timestamp).toEqual(new Date(T))
  })

  it('reports a rejection with its code and status only', async () => {
    const { verifier, verified, rejected } = observed(
      hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW }),
    )
    await verifier.verify(signed(OLD))
    await verifier.verify({ headers: {}, body: BODY })
    expect(verified).toEqual([])
    expect(rejected).toEqual([
      {
        check: 'hmac',
        code: 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
        status: 401,
        durationMs: expect.any(Number) as unknown,
      },
      {
        check: 'hmac',
        code: 'ERR_WEBHOOK_SIGNATURE_MISSING',
        status: 401,
        durationMs: expect.any(Number) as unknown,
      },
    ])
  })

  it('reports a body over maxBodyBytes as rejected', async () => {
    const { verifier, rejected } = observed(
      hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW }),
      { maxBodyBytes: 4 },
    )
    await verifier.verify(signed(NEW))
    expect(rejected.map((e) => [e.code, e.status])).toEqual([['ERR_WEBHOOK_BODY_TOO_LARGE', 413]])
  })

  it('reports a check that throws as a 500 and still throws from verify', async () => {
    const broken: Check = {
      name: 'broken',
      verify: () => {
        throw new TypeError('bug in a custom check')
      },
    }
    const { verifier, rejected } = observed(broken)
    await expect(verifier.verify(signed(NEW))).rejects.toThrow(TypeError)
    expect(rejected.map((e) => [e.check, e.code, e.status])).toEqual([
      ['broken', 'ERR_WEBHOOK_CONFIG_INVALID', 500],
    ])
  })

  it('reports a replay seen by verify as rejected with 409', async () => {
    const { verifier, verified, rejected } = observed(
      hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW }),
      { replay: memoryReplayStore() },
    )
    await verifier.verify(signed(NEW))
    await verifier.verify(signed(NEW))
    expect(verified).toHaveLength(1)
    expect(rejected.map((e) => [e.code, e.status])).toEqual([['ERR_WEBHOOK_REPLAYED', 409]])
  })

  it('gives a custom check without keys keyId "0" and keyStatus "current"', async () => {
    const custom: Check = { name: 'custom', verify: () => ({ ok: true }) }
    const { verifier, verified } = observed(custom)
    await verifier.verify({ headers: {}, body: '' })
    expect(verified[0]).toMatchObject({ check: 'custom', keyId: '0', keyStatus: 'current' })
  })
})

describe('once per verification', () => {
  const check = () => hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW })

  it('receive reports once', async () => {
    const { verifier, verified, rejected } = observed(check())
    const reception = await verifier.receive(signed(NEW))
    expect(reception.ok).toBe(true)
    if (reception.ok) await reception.settle(204)
    await verifier.receive(signed(OLD))
    expect(verified).toHaveLength(1)
    expect(rejected.map((e) => e.code)).toEqual(['ERR_WEBHOOK_SIGNATURE_MISMATCH'])
  })

  it('handle reports once, not once more for the receive inside it', async () => {
    const { verifier, verified, rejected } = observed(check())
    const options = { status: () => 204, onError: () => undefined }
    await verifier.handle(signed(NEW), () => 'done', options)
    await verifier.handle(signed(OLD), () => 'never', options)
    expect(verified).toHaveLength(1)
    expect(rejected).toHaveLength(1)
  })

  it('reports a body that could not be read as rejected', async () => {
    const { verifier, rejected } = observed(check())
    const reception = await verifier.receive(() => {
      throw new WebhookVerificationError('ERR_WEBHOOK_BODY_TIMEOUT')
    })
    expect(reception.ok).toBe(false)
    expect(rejected.map((e) => [e.code, e.status])).toEqual([['ERR_WEBHOOK_BODY_TIMEOUT', 408]])
  })

  it('a processed duplicate answered 200 is no rejection: nothing for rejected or onError', async () => {
    const { verifier, verified, rejected } = observed(check(), { replay: memoryReplayStore() })
    const errors: WebhookError[] = []
    const options = { status: () => 204, onError: (e: WebhookError) => errors.push(e) }
    const handler = vi.fn(() => 'done')
    await verifier.handle(signed(NEW), handler, options)
    const again = await verifier.handle(signed(NEW), handler, options)
    expect(again.ok).toBe(false)
    if (!again.ok) {
      expect(again.rejection.status).toBe(200)
      expect(again.rejection.error).toBeUndefined()
    }
    expect(handler).toHaveBeenCalledTimes(1)
    expect(errors).toEqual([])
    expect(rejected).toEqual([])
    // Still authentic, so still counted (an old secret on a retry is still an old secret).
    expect(verified.map((e) => e.duplicate)).toEqual([undefined, true])
  })

  it('a processed duplicate with duplicates: reject is a 409 rejection', async () => {
    const { verifier, rejected } = observed(check(), {
      replay: memoryReplayStore(),
      duplicates: 'reject',
    })
    await verifier.handle(signed(NEW), () => 'done', { status: () => 204 })
    await verifier.receive(signed(NEW))
    expect(rejected.map((e) => [e.code, e.status])).toEqual([['ERR_WEBHOOK_REPLAYED', 409]])
  })

  it('a duplicate still in flight is a 409 rejection', async () => {
    const { verifier, verified, rejected } = observed(check(), { replay: memoryReplayStore() })
    const first = await verifier.receive(signed(NEW))
    const second = await verifier.receive(signed(NEW))
    expect(first.ok).toBe(true)
    expect(second.ok).toBe(false)
    expect(verified).toHaveLength(1)
    expect(rejected.map((e) => [e.code, e.status])).toEqual([['ERR_WEBHOOK_REPLAYED', 409]])
    if (first.ok) await first.settle(204)
  })

  it('reports an unreachable replay store as a 503 rejection', async () => {
    const down = async () => {
      throw new Error('connection refused')
    }
    const store: ReplayStore = { reserve: down, renew: down, commit: down, release: down }
    const { verifier, rejected } = observed(check(), { replay: store })
    await verifier.receive(signed(NEW))
    expect(rejected.map((e) => [e.code, e.status])).toEqual([
      ['ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE', 503],
    ])
  })

  it('a handshake is neither verified nor rejected: it has its own event', async () => {
    const shaking: Check = {
      name: 'shaking',
      verify: () => ({ ok: true }),
      handshake: (request: ParsedWebhookRequest) =>
        request.header('x-challenge') === undefined
          ? undefined
          : { ok: true, response: { status: 200, headers: {}, body: 'pong' } },
    }
    const { verifier, verified, rejected, handshakes } = observed(shaking)
    const reception = await verifier.receive({ headers: { 'x-challenge': 'c' }, body: '' })
    expect(reception.ok).toBe(false)
    expect(verified).toEqual([])
    expect(rejected).toEqual([])
    expect(handshakes).toEqual([
      { check: 'shaking', status: 200, durationMs: expect.any(Number) as unknown },
    ])
  })
})

describe('listeners cannot change the outcome', () => {
  const check = () => hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW })
  const throwing = () => {
    throw new Error('listener bug')
  }
  const rejecting = () => Promise.reject(new Error('listener bug'))

  it.each([
    ['throws', throwing],
    ['returns a rejected promise', rejecting],
  ])('a listener that %s is ignored by verify, receive and handle', async (_, listener) => {
    const verifier = createVerifier(check(), {
      events: { verified: listener, rejected: listener },
    })
    expect((await verifier.verify(signed(NEW))).ok).toBe(true)
    const bad = await verifier.verify(signed(OLD))
    expect(bad.ok ? 'ok' : bad.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const reception = await verifier.receive(signed(NEW))
    expect(reception.ok).toBe(true)
    const handled = await verifier.handle(signed(NEW), () => 'done', { status: () => 204 })
    expect(handled).toEqual({ ok: true, value: 'done' })
    const refused = await verifier.handle(signed(OLD), () => 'never', {
      status: () => 204,
      onError: () => undefined,
    })
    expect(refused.ok ? 200 : refused.rejection.status).toBe(401)
  })
})

describe('the hot path without listeners', () => {
  it('neither times nor builds events when no listener is set', async () => {
    const now = vi.spyOn(performance, 'now')
    for (const options of [{}, { events: {} }, { events: { verified: undefined } }]) {
      const verifier = createVerifier(
        hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW }),
        options,
      )
      await verifier.verify(signed(NEW))
      await verifier.verify(signed(OLD))
      await verifier.handle(signed(NEW), () => 'done', { status: () => 204 })
    }
    expect(now).not.toHaveBeenCalled()
  })

  it('times a verification when a listener is set', async () => {
    const now = vi.spyOn(performance, 'now')
    const verifier = createVerifier(hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW }), {
      events: { rejected: () => undefined },
    })
    await verifier.verify(signed(NEW))
    expect(now).toHaveBeenCalled()
  })
})

describe('events options', () => {
  const check = () => hmac({ header: 'x-sig', encoding: 'hex', secrets: NEW })

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'verified', /events must be an object of listeners/],
    ['null', null, /events must be an object of listeners/],
    [
      'a listener that is not a function',
      { verified: true },
      /events\.verified must be a function/,
    ],
    [
      'a misspelt listener',
      { verfied: () => undefined },
      /unknown option 'verfied'; did you mean 'verified'/,
    ],
  ])('rejects %s', (_, events, message) => {
    expect(() => createVerifier(check(), { events } as unknown as VerifierOptions)).toThrow(message)
  })

  it('names events among the known options', () => {
    expect(() => createVerifier(check(), { event: {} } as unknown as VerifierOptions)).toThrow(
      /did you mean 'events'/,
    )
  })
})

describe('keyId and keyStatus', () => {
  const hmacOf = (secrets: Parameters<typeof hmac>[0]['secrets']) =>
    hmac({ header: 'x-sig', encoding: 'hex', secrets })

  it('in a plain list the first secret is current, later ones previous, by position', async () => {
    const check = hmacOf([NEW, OLD])
    expect(await statusOf(check, signed(NEW))).toEqual({ keyId: '0', keyStatus: 'current' })
    expect(await statusOf(check, signed(OLD))).toEqual({ keyId: '1', keyStatus: 'previous' })
  })

  it('keeps the configured id', async () => {
    const check = hmacOf([
      { value: NEW, id: 'v2' },
      { value: OLD, id: 'v1' },
    ])
    expect(await statusOf(check, signed(OLD))).toEqual({ keyId: 'v1', keyStatus: 'previous' })
  })

  it('with rotation() the previous secret is previous during the grace window', async () => {
    const check = hmacOf(
      rotation({ current: NEW, previous: OLD, rolledAt: new Date(T), grace: '24h' }),
    )
    const inGrace = T + 5 * 3_600_000
    expect(await statusOf(check, signed(NEW), inGrace)).toEqual({
      keyId: 'current',
      keyStatus: 'current',
    })
    expect(await statusOf(check, signed(OLD), inGrace)).toEqual({
      keyId: 'previous',
      keyStatus: 'previous',
    })
  })

  it('with notBefore dates the newest valid secret is current, wherever it is listed', async () => {
    const check = hmacOf([
      { value: OLD, notAfter: new Date(T + 86_400_000) },
      { value: NEW, notBefore: new Date(T) },
    ])
    // Before the new secret is valid, the old one is the only one, hence current.
    expect(await statusOf(check, signed(OLD), T - 1)).toEqual({ keyId: '0', keyStatus: 'current' })
    expect(await statusOf(check, signed(OLD), T + 1)).toEqual({ keyId: '0', keyStatus: 'previous' })
    expect(await statusOf(check, signed(NEW), T + 1)).toEqual({ keyId: '1', keyStatus: 'current' })
  })

  it('a secret about to expire is previous to one without an end', async () => {
    const check = hmacOf([{ value: OLD, notAfter: new Date(T + 1000) }, NEW])
    expect(await statusOf(check, signed(OLD))).toEqual({ keyId: '0', keyStatus: 'previous' })
    expect(await statusOf(check, signed(NEW))).toEqual({ keyId: '1', keyStatus: 'current' })
  })

  it('apiKey and basicAuth report position and status', async () => {
    const keys = apiKey({ header: 'x-api-key', keys: ['key-new', 'key-old'] })
    expect(await statusOf(keys, { headers: { 'x-api-key': 'key-old' }, body: '' })).toEqual({
      keyId: '1',
      keyStatus: 'previous',
    })
    const basic = basicAuth({
      credentials: [
        { username: 'hooks', password: 'new-pass' },
        { username: 'hooks', password: 'old-pass', id: 'old' },
      ],
    })
    const auth = (password: string) => ({
      headers: { authorization: `Basic ${Buffer.from(`hooks:${password}`).toString('base64')}` },
      body: '',
    })
    expect(await statusOf(basic, auth('new-pass'))).toEqual({ keyId: '0', keyStatus: 'current' })
    expect(await statusOf(basic, auth('old-pass'))).toEqual({ keyId: 'old', keyStatus: 'previous' })
  })

  it('ecdsa judges a key against all configured keys, even when the request names it', async () => {
    const fresh = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const stale = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const pem = (k: typeof fresh) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const check = ecdsa({
      header: 'x-signature',
      encoding: 'base64',
      keyId: { header: 'x-key-id' },
      keys: [
        { value: pem(fresh), id: 'fresh' },
        { value: pem(stale), id: 'stale' },
      ],
    })
    const request = (pair: typeof fresh, kid: string) => ({
      headers: {
        'x-signature': nodeSign('sha256', Buffer.from(BODY), pair.privateKey).toString('base64'),
        'x-key-id': kid,
      },
      body: BODY,
    })
    expect(await statusOf(check, request(stale, 'stale'))).toEqual({
      keyId: 'stale',
      keyStatus: 'previous',
    })
    expect(await statusOf(check, request(fresh, 'fresh'))).toEqual({
      keyId: 'fresh',
      keyStatus: 'current',
    })
  })

  it('ed25519 reports position and status', async () => {
    const fresh = generateKeyPairSync('ed25519')
    const stale = generateKeyPairSync('ed25519')
    const der = (k: typeof fresh) =>
      k.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
    const check = ed25519({
      header: 'x-signature',
      encoding: 'hex',
      keys: [der(fresh), der(stale)],
    })
    const request = (pair: typeof fresh) => ({
      headers: {
        'x-signature': nodeSign(null, Buffer.from(BODY), pair.privateKey).toString('hex'),
      },
      body: BODY,
    })
    expect(await statusOf(check, request(stale))).toEqual({ keyId: '1', keyStatus: 'previous' })
  })

  it('jws reports the kid and status', async () => {
    const fresh = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const stale = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = (k: typeof fresh, kid: string) => ({
      ...k.publicKey.export({ format: 'jwk' }),
      kid,
    })
    const check = jws({
      header: 'x-jws',
      algorithms: ['ES256'],
      keys: [jwk(fresh, 'k-new'), jwk(stale, 'k-old')],
    })
    const token = await new SignJWT({
      request_body_sha256: createHash('sha256').update(BODY).digest('hex'),
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k-old' })
      .setIssuedAt(T / 1000)
      .sign(stale.privateKey)
    expect(await statusOf(check, { headers: { 'x-jws': token }, body: BODY })).toEqual({
      keyId: 'k-old',
      keyStatus: 'previous',
    })
  })

  it('allOf is previous when any part used an old secret, and keeps the first id', async () => {
    const check = allOf(
      hmacOf([NEW, OLD]),
      apiKey({ header: 'x-api-key', keys: { value: 'k', id: 'api' } }),
    )
    const request = (secret: string) => ({
      headers: { 'x-sig': mac(secret), 'x-api-key': 'k' },
      body: BODY,
    })
    // An explicit id wins over a position, as keyId did before positions existed.
    expect(await statusOf(check, request(NEW))).toEqual({ keyId: 'api', keyStatus: 'current' })
    expect(await statusOf(check, request(OLD))).toEqual({ keyId: 'api', keyStatus: 'previous' })
  })
})
