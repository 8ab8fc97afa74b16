/**
 * Square and HubSpot sign the URL and the body with no separator between them. These tests show
 * the resulting shift attack (bytes moved from the query into the body still verify) and that a
 * pinned URL (`notificationUrl`, `targetUrl`) stops it. Signatures come from node:crypto over the
 * signed strings written out literally, following each sender's docs.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createVerifier,
  presets,
  WebhookConfigError,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'
import { signRequest } from '../testing/index.js'

const verify = (check: Check, request: WebhookRequest, now = 0): Promise<VerifyResult> =>
  createVerifier(check, { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const b64 = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message, 'utf8').digest('base64')

describe('square: the query/body shift', () => {
  const key = 'square-signature-key'
  const base = 'https://example.com/webhooks/square'
  const body = '{"merchant_id":"MLEFBHHSJGVHD","type":"payment.updated"}'
  const genuineUrl = `${base}?tenant=acme`
  const headers = { 'x-square-hmacsha256-signature': b64(key, `${genuineUrl}${body}`) }
  // The attacker replays the genuine signature with "me" moved from the query to the body.
  const shifted = { url: `${base}?tenant=ac`, headers, body: `me${body}` }

  it('the shifted request signs exactly the same bytes as the genuine one', () => {
    expect(`${shifted.url}${shifted.body}`).toBe(`${genuineUrl}${body}`)
  })

  it('without notificationUrl, the shifted request verifies (tenant "ac" instead of "acme")', async () => {
    const check = presets.square({ secret: key })
    expect(code(await verify(check, { url: genuineUrl, headers, body }))).toBe('accepted')
    expect(code(await verify(check, shifted))).toBe('accepted')
  })

  it('with notificationUrl pinned, only the genuine request verifies', async () => {
    const check = presets.square({ secret: key, notificationUrl: genuineUrl })
    expect(code(await verify(check, { url: genuineUrl, headers, body }))).toBe('accepted')
    expect(code(await verify(check, shifted))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    // Moving bytes the other way, or changing only the query, fails too.
    const other = [
      { url: `${base}?tenant=acme{"merchant_id"`, body: body.slice('{"merchant_id"'.length) },
      { url: `${base}?tenant=evil`, body },
      { url: base, body },
      { url: `${base}?tenant=acme&tenant=evil`, body },
    ]
    for (const request of other) {
      expect(code(await verify(check, { ...request, headers }))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    }
  })

  it('a pinned URL still accepts the genuine delivery through a proxy (other scheme, host, path)', async () => {
    const check = presets.square({ secret: key, notificationUrl: genuineUrl })
    for (const url of [
      'http://10.0.0.7:8080/internal/square?tenant=acme',
      '/webhooks/square?tenant=acme',
      undefined,
    ]) {
      expect(code(await verify(check, { url, headers, body }))).toBe('accepted')
    }
  })

  it('signRequest signs the pinned URL', async () => {
    const check = presets.square({ secret: key, notificationUrl: genuineUrl })
    const signed = await signRequest(check, { body, url: 'http://127.0.0.1/anything' })
    expect(signed.headers['x-square-hmacsha256-signature']).toBe(
      headers['x-square-hmacsha256-signature'],
    )
  })
})

describe('hubspot: the query/body shift', () => {
  const secret = 'hubspot-client-secret'
  const base = 'https://example.com/hubspot/hook'
  const body = '[{"eventId":1,"subscriptionType":"contact.creation","portalId":62515}]'
  const ts = 1_767_225_600_000
  const genuineUrl = `${base}?portal=62515`
  const headers = {
    'x-hubspot-signature-v3': b64(secret, `POST${genuineUrl}${body}${ts}`),
    'x-hubspot-request-timestamp': String(ts),
  }
  const shifted = { method: 'POST', url: `${base}?portal=625`, headers, body: `15${body}` }
  const genuine = { method: 'POST', url: genuineUrl, headers, body }

  it('the shifted request signs exactly the same bytes as the genuine one', () => {
    expect(`${shifted.url}${shifted.body}`).toBe(`${genuineUrl}${body}`)
  })

  it('without targetUrl, the shifted request verifies (portal 625 instead of 62515)', async () => {
    const check = presets.hubspot({ secret })
    expect(code(await verify(check, genuine, ts))).toBe('accepted')
    expect(code(await verify(check, shifted, ts))).toBe('accepted')
  })

  it('with targetUrl pinned, only the genuine request verifies', async () => {
    const check = presets.hubspot({ secret, targetUrl: genuineUrl })
    expect(code(await verify(check, genuine, ts))).toBe('accepted')
    expect(code(await verify(check, shifted, ts))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    for (const url of [`${base}?portal=1`, base, `${base}?portal=62515&x=1`]) {
      expect(code(await verify(check, { ...genuine, url }, ts))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    }
  })

  it('a pinned targetUrl accepts the genuine delivery through a proxy and keeps the timestamp check', async () => {
    const check = presets.hubspot({ secret, targetUrl: genuineUrl })
    const proxied = { ...genuine, url: 'http://10.0.0.7:8080/hook?portal=62515' }
    expect(code(await verify(check, proxied, ts))).toBe('accepted')
    expect(code(await verify(check, { ...genuine, url: undefined }, ts))).toBe('accepted')
    expect(code(await verify(check, proxied, ts + 301_000))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })

  it("compares the query in HubSpot's signed form (its listed escapes decoded)", async () => {
    const pinned = `${base}?state=a%3Ab%2Fc`
    const signedUri = `${base}?state=a:b/c`
    const check = presets.hubspot({ secret, targetUrl: pinned })
    const signature = b64(secret, `POST${signedUri}${body}${ts}`)
    const request = { ...genuine, headers: { ...headers, 'x-hubspot-signature-v3': signature } }
    for (const url of [pinned, signedUri, `${base}?state=a%3ab%2fc`]) {
      expect(code(await verify(check, { ...request, url }, ts))).toBe('accepted')
    }
    expect(code(await verify(check, { ...request, url: `${base}?state=a%3Ab` }, ts))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })
})

describe('pinned URL options', () => {
  const configError = (run: () => unknown): string => {
    try {
      run()
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookConfigError)
      return (error as WebhookConfigError).message
    }
    throw new Error('expected a WebhookConfigError')
  }

  it.each<unknown>(['/webhooks/hubspot', 'example.com/hook', 'ftp://example.com/h', '', 42])(
    'rejects targetUrl %j',
    (targetUrl) => {
      expect(
        configError(() => presets.hubspot({ secret: 's', targetUrl: targetUrl as string })),
      ).toMatch(/^hubspot: targetUrl must be the full http\(s\) URL the sender calls/)
      expect(
        configError(() => presets.square({ secret: 's', notificationUrl: targetUrl as string })),
      ).toMatch(/^square: notificationUrl must be the full http\(s\) URL the sender calls/)
    },
  )

  it.each<[string, object, RegExp]>([
    [
      'hubspot',
      { targetURL: 'https://x.test/h' },
      /unknown option 'targetURL'; did you mean 'targetUrl'/,
    ],
    ['hubspot', { targetUri: 'https://x.test/h' }, /did you mean 'targetUrl'/],
    ['hubspot', { url: 'https://x.test/h' }, /unknown option 'url'/],
    ['hubspot', { notificationUrl: 'https://x.test/h' }, /unknown option 'notificationUrl'/],
    ['square', { notificationURL: 'https://x.test/h' }, /did you mean 'notificationUrl'/],
    ['square', { url: 'https://x.test/h' }, /unknown option 'url'/],
    ['square', { targetUrl: 'https://x.test/h' }, /unknown option 'targetUrl'/],
  ])('%s refuses the misspelled pin %j instead of silently not pinning', (name, extra, message) => {
    const make = name === 'hubspot' ? presets.hubspot : presets.square
    expect(configError(() => make({ secret: 's', ...extra } as never))).toMatch(message)
  })
})
