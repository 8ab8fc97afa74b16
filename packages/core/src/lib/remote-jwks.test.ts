import { generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WebhookConfigError } from '../errors.js'
import { createVerifier, ecdsa, presets, type EcdsaOptions, type VerifyResult } from '../index.js'
const MAX_JWKS_BYTES = 65536

type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** A real HTTP server on 127.0.0.1, port 0, whose behaviour each test sets. */
function localServer() {
  const state = { hits: 0, handler: ((_req, res) => res.end()) as Handler, url: '' }
  let server: Server
  beforeAll(async () => {
    server = createServer((req, res) => {
      state.hits++
      state.handler(req, res)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  beforeEach(() => {
    state.hits = 0
  })
  return state
}

const sender = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const jwkOf = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid })
const body = '{"event":"remote"}'

const options = (jwksUrl: unknown, jwksCache: EcdsaOptions['jwksCache'] = {}): EcdsaOptions => ({
  header: 'x-sig',
  keyId: { header: 'x-kid' },
  encoding: 'base64',
  signatureFormat: 'der',
  jwksUrl: jwksUrl as string,
  jwksCache: { cooldown: 0, ...jwksCache },
})

/** A delivery signed with node:crypto (DER ECDSA over the body), naming key `kid`. */
const delivery = (key: KeyObject, kid = 'k1') => ({
  headers: {
    'x-kid': kid,
    'x-sig': nodeSign('sha256', Buffer.from(body), key).toString('base64'),
  },
  body,
})

const verify = (url: string, key = sender.privateKey, cache?: EcdsaOptions['jwksCache']) =>
  createVerifier(ecdsa(options(url, { allowLoopbackHttp: true, ...cache }))).verify(delivery(key))

const codeOf = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code)

/** `{"keys":[...],"pad":"xxx"}` of exactly `size` bytes. */
function paddedJwks(keys: object[], size: number): string {
  const bare = JSON.stringify({ keys, pad: '' })
  return JSON.stringify({ keys, pad: 'x'.repeat(size - bare.length) })
}

describe('jwksUrl: which URLs are accepted', () => {
  const configError = (run: () => unknown): WebhookConfigError => {
    try {
      run()
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookConfigError)
      expect((error as WebhookConfigError).code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
      return error as WebhookConfigError
    }
    throw new Error('expected a WebhookConfigError')
  }

  it.each([
    'https://keys.example.com/.well-known/jwks.json',
    'HTTPS://KEYS.EXAMPLE.COM/jwks',
    new URL('https://keys.example.com/jwks'),
  ])('accepts the https: URL %s without any option', (url) => {
    expect(() => ecdsa(options(url))).not.toThrow()
  })

  it.each([
    'http://127.0.0.1:8080/jwks',
    'http://127.255.0.9/jwks',
    'http://127.1/jwks',
    'http://0x7f.0.0.1/jwks',
    'http://localhost:3000/jwks',
    'http://LOCALHOST/jwks',
    'http://[::1]:8080/jwks',
  ])('accepts the loopback http: URL %s only with allowLoopbackHttp', (url) => {
    expect(() => ecdsa(options(url, { allowLoopbackHttp: true }))).not.toThrow()
    const error = configError(() => ecdsa(options(url)))
    expect(error.message).toMatch(/jwksUrl must be an https: URL/)
    expect(error.message).toMatch(/allowLoopbackHttp: true/)
    expect(configError(() => ecdsa(options(url, { allowLoopbackHttp: false }))).message).toMatch(
      /allowLoopbackHttp: true/,
    )
  })

  it.each([
    'http://keys.example.com/jwks',
    'http://10.0.0.7/jwks',
    'http://192.168.1.1/jwks',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0/jwks',
    'http://127.0.0.1.nip.io/jwks',
    'http://localhost.example.com/jwks',
    'http://foo.localhost/jwks',
    'http://[::ffff:127.0.0.1]/jwks',
    'http://[::2]/jwks',
    'ws://127.0.0.1/jwks',
    'ftp://127.0.0.1/jwks',
    'file:///etc/jwks.json',
    'data:application/json,{"keys":[]}',
    'javascript:alert(1)',
    '//keys.example.com/jwks',
    '/jwks.json',
    'keys.example.com/jwks',
    '',
  ])('refuses %j even with allowLoopbackHttp', (url) => {
    const error = configError(() => ecdsa(options(url, { allowLoopbackHttp: true })))
    expect(error.message).toMatch(/jwksUrl must be an https: URL/)
    expect(error.message).toMatch(/allowed only to 127\.0\.0\.1, \[::1\] or localhost/)
  })

  it.each<[string, unknown]>([
    ['a number', 42],
    ['an object', { href: 'https://keys.example.com/jwks' }],
  ])('refuses %s as jwksUrl', (_name, url) => {
    configError(() => ecdsa(options(url)))
  })

  it.each<unknown>(['true', 1, null])('refuses allowLoopbackHttp = %j', (value) => {
    const url = 'http://127.0.0.1/jwks'
    expect(
      configError(() => ecdsa(options(url, { allowLoopbackHttp: value as boolean }))).message,
    ).toMatch(/allowLoopbackHttp must be true or false/)
  })

  it('checks the URL of the plaid preset the same way', () => {
    configError(() => presets.plaid({ jwksUrl: 'http://keys.example.com/jwks' }))
    configError(() => presets.plaid({ jwksUrl: 'http://127.0.0.1/jwks' }))
    expect(() =>
      presets.plaid({ jwksUrl: 'http://127.0.0.1/jwks', jwksCache: { allowLoopbackHttp: true } }),
    ).not.toThrow()
  })
})

describe('jwksUrl: hostile key servers', () => {
  const keys = localServer()
  const elsewhere = localServer()

  it('verifies against a plain JWKS (the harness works)', async () => {
    keys.handler = (_req, res) => res.end(JSON.stringify({ keys: [jwkOf(sender.publicKey, 'k1')] }))
    expect(codeOf(await verify(keys.url))).toBe('ok')
    expect(codeOf(await verify(keys.url, attacker.privateKey))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it(`reads a JWKS of exactly ${MAX_JWKS_BYTES} bytes and refuses one byte more`, async () => {
    const served = [jwkOf(sender.publicKey, 'k1')]
    for (const [size, expected] of [
      [MAX_JWKS_BYTES, 'ok'],
      [MAX_JWKS_BYTES + 1, 'ERR_WEBHOOK_KEY_UNAVAILABLE'],
    ] as const) {
      const text = paddedJwks(served, size)
      expect(Buffer.byteLength(text)).toBe(size)
      // Chunked, without Content-Length: only counting the bytes read can stop it.
      keys.handler = (_req, res) => {
        res.write(text.slice(0, 1000))
        res.end(text.slice(1000))
      }
      expect(codeOf(await verify(keys.url))).toBe(expected)
    }
  })

  it('refuses a huge JWKS (1 MiB of genuine keys and padding)', async () => {
    const text = paddedJwks([jwkOf(sender.publicKey, 'k1')], 1024 * 1024)
    keys.handler = (_req, res) => res.end(text)
    const result = await verify(keys.url)
    expect(codeOf(result)).toBe('ERR_WEBHOOK_KEY_UNAVAILABLE')
    expect(!result.ok && result.error.status).toBe(503)
  })

  it('refuses a response whose Content-Length is over the cap without reading it', async () => {
    let closed!: Promise<void>
    keys.handler = (_req, res) => {
      closed = new Promise((resolve) => res.on('close', resolve))
      res.writeHead(200, { 'content-length': String(64 * 1024 * 1024) })
      res.write('{"keys":[')
    }
    // No timeout to lean on: only the byte cap can end this fetch.
    expect(codeOf(await verify(keys.url, sender.privateKey, { timeout: 600_000 }))).toBe(
      'ERR_WEBHOOK_KEY_UNAVAILABLE',
    )
    await closed // the client hung up instead of waiting for 64 MiB
  })

  it('stops reading an endless body and hangs up', async () => {
    let closed!: Promise<void>
    keys.handler = (_req, res) => {
      closed = new Promise((resolve) => res.on('close', resolve))
      res.write('{"keys":[],"pad":"')
      const chunk = 'x'.repeat(16 * 1024)
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
    }
    // No timeout to lean on: only the byte cap can end this fetch.
    expect(codeOf(await verify(keys.url, sender.privateKey, { timeout: 600_000 }))).toBe(
      'ERR_WEBHOOK_KEY_UNAVAILABLE',
    )
    await closed
  })

  it('gives up on a server that never answers (timeout)', async () => {
    keys.handler = () => {}
    expect(codeOf(await verify(keys.url, sender.privateKey, { timeout: 100 }))).toBe(
      'ERR_WEBHOOK_KEY_UNAVAILABLE',
    )
  })

  it('gives up on a body that trickles in and never ends (the timeout covers the body)', async () => {
    keys.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"keys":[')
    }
    expect(codeOf(await verify(keys.url, sender.privateKey, { timeout: 100 }))).toBe(
      'ERR_WEBHOOK_KEY_UNAVAILABLE',
    )
  })

  it.each([301, 302, 303, 307, 308])(
    'does not follow a %d redirect to an http: server elsewhere serving other keys',
    async (status) => {
      elsewhere.handler = (_req, res) =>
        res.end(JSON.stringify({ keys: [jwkOf(attacker.publicKey, 'k1')] }))
      keys.handler = (_req, res) => {
        res.writeHead(status, { location: elsewhere.url })
        res.end()
      }
      const result = await verify(keys.url, attacker.privateKey)
      expect(codeOf(result)).toBe('ERR_WEBHOOK_KEY_UNAVAILABLE')
      expect(keys.hits).toBe(1)
      expect(elsewhere.hits).toBe(0)
    },
  )

  it.each<[string, string]>([
    ['not JSON', '<html>keys</html>'],
    ['JSON without keys', '{"kid":"k1"}'],
    ['an empty body', ''],
  ])('answers 503 for a body that is %s', async (_name, text) => {
    keys.handler = (_req, res) => res.end(text)
    expect(codeOf(await verify(keys.url))).toBe('ERR_WEBHOOK_KEY_UNAVAILABLE')
  })
})
