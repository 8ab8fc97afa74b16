import { sign as nodeSign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { implementation } from '#crypto'
import { crc32 } from '../lib/crc32.js'
import { signRequest } from '../testing/index.js'
import {
  createVerifier,
  memoryReplayStore,
  presets,
  WebhookConfigError,
  type PayPalOptions,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

// Certificates made with openssl (test/vectors/rsa-certificate.json); the stub fetch is the
// network, the crypto is real. Expected signatures come from node:crypto.
const fixture = JSON.parse(
  readFileSync(new URL('../../../../test/vectors/rsa-certificate.json', import.meta.url), 'utf8'),
) as { certificate: string; otherCertificate: string; privateKey: string }

const webhookId = '8PT597110X687430LKGECATA'
const certUrl =
  'https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77'
const time = '2027-01-15T12:00:00Z'
const now = Date.parse(time)
const body = Buffer.from(
  '{"id":"WH-2WR32451HC0233532-67976317FL4543714","event_type":"PAYMENT.CAPTURE.COMPLETED","summary":"Payment of € 10,00 completed"}',
)

/** The CRC oracle: zlib's where the runtime has it, else the table-free bitwise definition. */
function referenceCrc(bytes: Uint8Array): number {
  const z = (zlib as { crc32?: (data: Uint8Array) => number }).crc32
  if (z) return z(bytes)
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

function delivery(
  overrides: Record<string, string> = {},
  data: Uint8Array = body,
  id = 'b2384410-f8d2-11ee-a0a6-1d41d0d39f1c',
): WebhookRequest {
  const signed = `${id}|${time}|${webhookId}|${referenceCrc(body)}`
  return {
    headers: {
      'PAYPAL-TRANSMISSION-ID': id,
      'PAYPAL-TRANSMISSION-TIME': time,
      'PAYPAL-TRANSMISSION-SIG': nodeSign(
        'sha256',
        Buffer.from(signed),
        fixture.privateKey,
      ).toString('base64'),
      'PAYPAL-CERT-URL': certUrl,
      'PAYPAL-AUTH-ALGO': 'SHA256withRSA',
      ...overrides,
    },
    body: data,
  }
}

interface Stub {
  readonly fetch: typeof fetch
  readonly calls: string[]
}
function stub(respond: (url: string, init?: RequestInit) => Response | Promise<Response>): Stub {
  const calls: string[] = []
  const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push(String(input))
    expect(init?.redirect).toBe('error')
    return respond(String(input), init)
  }) as typeof fetch
  return { fetch: fetcher, calls }
}
const serving = (pem: string) => stub(() => new Response(pem, { status: 200 }))

function run(
  request: WebhookRequest,
  net: Stub = serving(fixture.certificate),
  options: Partial<PayPalOptions> = {},
  at = now,
): Promise<VerifyResult> {
  const check = presets.paypal({ webhookId, fetch: net.fetch, ...options })
  return createVerifier(check, { clock: () => at }).verify(request)
}
const code = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code)

describe('crc32', () => {
  it.each(['', '123456789', 'The quick brown fox jumps over the lazy dog'])(
    'matches the reference for %j',
    (text) => {
      expect(crc32(Buffer.from(text))).toBe(referenceCrc(Buffer.from(text)))
    },
  )
  it('gives the standard check value, unsigned', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
    expect(crc32(body)).toBe(referenceCrc(body))
  })
})

describe(`paypal (${implementation} crypto)`, () => {
  it('accepts a delivery signed with the certificate key; the transmission id is the delivery id', async () => {
    const net = serving(fixture.certificate)
    const result = await run(delivery(), net)
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.webhook.check).toBe('paypal')
      expect(result.webhook.id).toBe('b2384410-f8d2-11ee-a0a6-1d41d0d39f1c')
      expect(Buffer.from(result.webhook.body).equals(body)).toBe(true)
    }
    expect(net.calls).toEqual([certUrl])
  })

  it('downloads a certificate once per URL', async () => {
    const net = serving(fixture.certificate)
    const verifier = createVerifier(presets.paypal({ webhookId, fetch: net.fetch }), {
      clock: () => now,
    })
    expect(code(await verifier.verify(delivery()))).toBe('ok')
    expect(
      code(await verifier.verify(delivery({}, body, 'c0ffee00-0000-4000-8000-000000000000'))),
    ).toBe('ok')
    expect(net.calls.length).toBe(1)
  })

  it('rejects a changed body, another webhook id and a changed transmission id', async () => {
    const tampered = Buffer.from(body)
    tampered.writeUInt8(tampered.readUInt8(10) ^ 1, 10)
    expect(code(await run(delivery({}, tampered)))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const other = presets.paypal({
      webhookId: 'OTHER123',
      fetch: serving(fixture.certificate).fetch,
    })
    expect(code(await createVerifier(other, { clock: () => now }).verify(delivery()))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(code(await run(delivery({ 'PAYPAL-TRANSMISSION-ID': 'another-id' })))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it.each([
    ['http', certUrl.replace('https:', 'http:')],
    ['another host', 'https://example.com/v1/notifications/certs/CERT-1'],
    ['a look-alike host', 'https://api.paypal.com.example.com/v1/notifications/certs/CERT-1'],
    ['a port', 'https://api.paypal.com:8443/v1/notifications/certs/CERT-1'],
    ['user info', 'https://user@api.paypal.com/v1/notifications/certs/CERT-1'],
    ['a query', 'https://api.paypal.com/v1/notifications/certs/CERT-1?x=1'],
    ['another path', 'https://api.paypal.com/v1/oauth2/token'],
    ['a dot segment', 'https://api.paypal.com/v1/notifications/certs/../../oauth2/token'],
  ])('refuses a certificate URL with %s without fetching it', async (_name, url) => {
    const net = serving(fixture.certificate)
    expect(code(await run(delivery({ 'PAYPAL-CERT-URL': url }), net))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(net.calls).toEqual([])
  })

  it.each([
    ['a network error', () => stub(() => Promise.reject(new TypeError('fetch failed')))],
    ['a 404', () => stub(() => new Response('not found', { status: 404 }))],
    ['an oversized answer', () => stub(() => new Response('x'.repeat(70 * 1024), { status: 200 }))],
    ['a certificate for another name', () => serving(fixture.otherCertificate)],
    ['no certificate', () => serving('<html></html>')],
  ])('answers 503 for %s', async (_name, net) => {
    const result = await run(delivery(), net())
    expect(code(result)).toBe('ERR_WEBHOOK_KEY_UNAVAILABLE')
    expect(!result.ok && result.error.status).toBe(503)
  })

  it('times the download out', async () => {
    const net = stub(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    )
    expect(code(await run(delivery(), net, { timeout: 20 }))).toBe('ERR_WEBHOOK_KEY_UNAVAILABLE')
  })

  it('after a failed download, answers new URLs at once instead of fetching again', async () => {
    const net = stub(() => new Response('', { status: 500 }))
    const verifier = createVerifier(presets.paypal({ webhookId, fetch: net.fetch }), {
      clock: () => now,
    })
    expect(code(await verifier.verify(delivery()))).toBe('ERR_WEBHOOK_KEY_UNAVAILABLE')
    const other = certUrl.replace('CERT-360caa42', 'CERT-00000000')
    expect(code(await verifier.verify(delivery({ 'PAYPAL-CERT-URL': other })))).toBe(
      'ERR_WEBHOOK_KEY_UNAVAILABLE',
    )
    expect(net.calls.length).toBe(1)
  })

  it('requires PAYPAL-AUTH-ALGO SHA256withRSA', async () => {
    const missing = delivery()
    delete (missing.headers as Record<string, string>)['PAYPAL-AUTH-ALGO']
    expect(code(await run(missing))).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(code(await run(delivery({ 'PAYPAL-AUTH-ALGO': 'SHA1withRSA' })))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('applies 300 s to the transmission time by default, and the tolerance option', async () => {
    expect(code(await run(delivery(), undefined, {}, now + 301_000))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    )
    expect(code(await run(delivery(), undefined, {}, now - 301_000))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_TOO_NEW',
    )
    expect(code(await run(delivery(), undefined, { tolerance: 600 }, now + 301_000))).toBe('ok')
  })

  it('refuses a certificate outside its validity', async () => {
    const beforeIssue = Date.UTC(2019, 11, 31)
    expect(code(await run(delivery(), undefined, { tolerance: 0 }, beforeIssue))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    const afterExpiry = Date.UTC(2126, 0, 2)
    expect(code(await run(delivery(), undefined, { tolerance: 0 }, afterExpiry))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('refuses a replayed transmission', async () => {
    const verifier = createVerifier(
      presets.paypal({ webhookId, fetch: serving(fixture.certificate).fetch }),
      { clock: () => now, replay: memoryReplayStore() },
    )
    expect(code(await verifier.verify(delivery()))).toBe('ok')
    expect(code(await verifier.verify(delivery()))).toBe('ERR_WEBHOOK_REPLAYED')
  })

  it('signRequest signs with the private key; the certificate is served by your fetch', async () => {
    const net = serving(fixture.certificate)
    const check = presets.paypal({ webhookId, fetch: net.fetch })
    const signed = await signRequest(check, {
      body,
      privateKey: fixture.privateKey,
      timestamp: now + 1234,
    })
    expect(signed.headers['paypal-transmission-time']).toBe('2027-01-15T12:00:01Z')
    const result = await createVerifier(check, { clock: () => now }).verify({
      headers: signed.headers,
      body,
    })
    expect(code(result)).toBe('ok')
  })

  it('validates options', () => {
    expect(() => presets.paypal({ webhookId: '' })).toThrow(WebhookConfigError)
    expect(() => presets.paypal({ webhookId: 'bad id!' })).toThrow(
      "paypal: webhookId must be your webhook's id from the PayPal developer dashboard",
    )
    expect(() => presets.paypal({ webhookId, timeout: -1 })).toThrow(
      'paypal: timeout must be a whole number of milliseconds > 0',
    )
    expect(() => presets.paypal({ webhookId, webhookID: 'x' } as never)).toThrow(
      "paypal: unknown option 'webhookID'; did you mean 'webhookId'?",
    )
  })
})
