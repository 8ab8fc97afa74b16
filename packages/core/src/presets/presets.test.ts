/**
 * Every preset against deliveries built the way its sender documents them, with node:crypto
 * (never with hookwarden): valid, tampered, wrongly encoded, expired, future, rotated.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createVerifier,
  presets,
  type Check,
  type Secrets,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'
import { signRequest } from '../testing/index.js'
import * as named from './index.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)

interface Delivery {
  body: string
  /** ms, a whole second */
  ts: number
  id: string
  url: string
  method: string
}

const base: Delivery = {
  body: '{"event":"ping","data":{"name":"Zoë","emoji":"😀"}}',
  ts: NOW - 2_000,
  id: 'msg_2Yh1Zj9WJxQ',
  url: 'https://hooks.example.com/webhooks/in?source=test',
  method: 'POST',
}

interface Case {
  preset: string
  make(secret: Secrets, tolerance?: number): Check
  /** [current, another] */
  secrets: readonly [string, string]
  /** The HMAC key as the sender derives it from the secret; default the secret as UTF-8. */
  key?(secret: string): Buffer
  algorithm?: 'sha1' | 'sha256'
  encoding: 'hex' | 'base64'
  /** The digest in an encoding the sender does not use; default Base64 for hex senders, hex for Base64 ones. */
  wrongEncoding?(digest: Buffer): string
  /** The documented signed content. */
  message(d: Delivery): string
  /** The documented header layout around signature `sig`. */
  headers(sig: string, d: Delivery): Record<string, string>
  body?(d: Delivery): string
  signatureHeader: string
  /** Default tolerance in seconds, and how to remove the timestamp (when it is in a header). */
  timestamp?: { tolerance: number; drop?(headers: Record<string, string>): void }
  id?: { drop(headers: Record<string, string>): void }
}

const unix = (d: Delivery) => String(Math.floor(d.ts / 1000))
const iso = (d: Delivery) => new Date(d.ts).toISOString().replace('.000Z', 'Z')
const del = (name: string) => (h: Record<string, string>) => {
  delete h[name]
}
const dropParam =
  (header: string, param: string, sep = ',') =>
  (h: Record<string, string>) => {
    h[header] = h[header]!.split(sep)
      .filter((p) => !p.startsWith(`${param}=`))
      .join(sep)
  }
const whsecKey = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64')

const svixLike = (
  preset: 'svix' | 'clerk' | 'resend' | 'standardWebhooks',
  prefix: string,
): Case => ({
  preset,
  make: (secret, tolerance) =>
    presets[preset]({ secret, ...(tolerance === undefined ? {} : { tolerance }) }),
  secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24='],
  key: whsecKey,
  encoding: 'base64',
  message: (d) => `${d.id}.${unix(d)}.${d.body}`,
  headers: (sig, d) => ({
    [`${prefix}-id`]: d.id,
    [`${prefix}-timestamp`]: unix(d),
    [`${prefix}-signature`]: `v1,${sig}`,
  }),
  signatureHeader: `${prefix}-signature`,
  timestamp: { tolerance: 300, drop: del(`${prefix}-timestamp`) },
  id: { drop: del(`${prefix}-id`) },
})

const tol = (tolerance: number | undefined) => (tolerance === undefined ? {} : { tolerance })

const cases: Case[] = [
  {
    preset: 'calendly',
    make: (secret, t) => presets.calendly({ secret, ...tol(t) }),
    secrets: ['calendly-signing-key', 'calendly-old-key'],
    encoding: 'hex',
    message: (d) => `${unix(d)}.${d.body}`,
    headers: (sig, d) => ({ 'calendly-webhook-signature': `t=${unix(d)},v1=${sig}` }),
    signatureHeader: 'calendly-webhook-signature',
    timestamp: { tolerance: 180, drop: dropParam('calendly-webhook-signature', 't') },
  },
  svixLike('clerk', 'svix'),
  {
    preset: 'coinbaseCommerce',
    make: (secret) => presets.coinbaseCommerce({ secret }),
    secrets: ['cc-shared-secret', 'cc-old-secret'],
    encoding: 'hex',
    message: (d) => d.body,
    headers: (sig) => ({ 'x-cc-webhook-signature': sig }),
    signatureHeader: 'x-cc-webhook-signature',
  },
  {
    preset: 'equalsMoney',
    make: (secret) => presets.equalsMoney({ secret }),
    secrets: ['123e4567-e89b-12d3-a456-426614174100', '00000000-e89b-12d3-a456-426614174999'],
    encoding: 'base64',
    message: (d) => d.body,
    headers: (sig) => ({ 'x-em-signature': sig }),
    signatureHeader: 'x-em-signature',
  },
  {
    preset: 'github',
    make: (secret) => presets.github({ secret }),
    secrets: ["It's a Secret to Everybody", 'previous github secret'],
    encoding: 'hex',
    message: (d) => d.body,
    headers: (sig) => ({ 'x-hub-signature-256': `sha256=${sig}` }),
    signatureHeader: 'x-hub-signature-256',
  },
  {
    preset: 'hubspot',
    make: (secret, t) => presets.hubspot({ secret, ...tol(t) }),
    secrets: ['yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy', 'zzzzzzzz-old'],
    encoding: 'base64',
    message: (d) => `${d.method}${d.url}${d.body}${d.ts}`,
    headers: (sig, d) => ({
      'x-hubspot-signature-v3': sig,
      'x-hubspot-request-timestamp': String(d.ts),
    }),
    signatureHeader: 'x-hubspot-signature-v3',
    timestamp: { tolerance: 300, drop: del('x-hubspot-request-timestamp') },
  },
  {
    preset: 'intercom',
    make: (secret) => presets.intercom({ secret }),
    secrets: ['intercom-client-secret', 'intercom-old'],
    algorithm: 'sha1',
    encoding: 'hex',
    message: (d) => d.body,
    headers: (sig) => ({ 'x-hub-signature': `sha1=${sig}` }),
    signatureHeader: 'x-hub-signature',
  },
  {
    preset: 'lemonSqueezy',
    make: (secret) => presets.lemonSqueezy({ secret }),
    secrets: ['lemon-signing-secret', 'lemon-old'],
    encoding: 'hex',
    message: (d) => d.body,
    headers: (sig) => ({ 'x-signature': sig }),
    signatureHeader: 'x-signature',
  },
  {
    preset: 'linear',
    make: (secret, t) => presets.linear({ secret, ...tol(t) }),
    secrets: ['lin_wh_signing_secret', 'lin_wh_old'],
    encoding: 'hex',
    body: (d) => `{"action":"create","type":"Issue","data":{"id":"x"},"webhookTimestamp":${d.ts}}`,
    message: (d) =>
      `{"action":"create","type":"Issue","data":{"id":"x"},"webhookTimestamp":${d.ts}}`,
    headers: (sig) => ({ 'linear-signature': sig }),
    signatureHeader: 'linear-signature',
    timestamp: { tolerance: 60 },
  },
  {
    preset: 'lune',
    make: (secret, t) => presets.lune({ secret, ...tol(t) }),
    secrets: ['lune_test_webhook_secret', 'lune_old_secret'],
    encoding: 'base64',
    // Hex and padded Base64 are both accepted: unpadded Base64 is neither.
    wrongEncoding: (mac) => mac.toString('base64').replace(/=+$/, ''),
    message: (d) => `${unix(d)}.${d.body}`,
    headers: (sig, d) => ({ 'lune-hmac': `timestamp=${unix(d)},organisation=org_1,v1=${sig}` }),
    signatureHeader: 'lune-hmac',
    timestamp: { tolerance: 120, drop: dropParam('lune-hmac', 'timestamp') },
  },
  {
    preset: 'monime',
    make: (secret, t) => presets.monime({ secret, ...tol(t) }),
    secrets: ['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210'],
    encoding: 'base64',
    message: (d) => `${unix(d)}_${d.body}`,
    headers: (sig, d) => ({ 'monime-signature': `t=${unix(d)},v1=${sig}` }),
    signatureHeader: 'monime-signature',
    timestamp: { tolerance: 300, drop: dropParam('monime-signature', 't') },
  },
  {
    preset: 'paddle',
    make: (secret, t) => presets.paddle({ secret, ...tol(t) }),
    secrets: ['pdl_ntfset_01abc_secret', 'pdl_ntfset_01old_secret'],
    encoding: 'hex',
    message: (d) => `${unix(d)}:${d.body}`,
    headers: (sig, d) => ({ 'paddle-signature': `ts=${unix(d)};h1=${sig}` }),
    signatureHeader: 'paddle-signature',
    timestamp: { tolerance: 5, drop: dropParam('paddle-signature', 'ts', ';') },
  },
  svixLike('resend', 'svix'),
  {
    preset: 'shopify',
    make: (secret) => presets.shopify({ secret }),
    secrets: ['shpss_client_secret', 'shpss_old'],
    encoding: 'base64',
    message: (d) => d.body,
    headers: (sig) => ({ 'x-shopify-hmac-sha256': sig }),
    signatureHeader: 'x-shopify-hmac-sha256',
  },
  {
    preset: 'slack',
    make: (secret, t) => presets.slack({ secret, ...tol(t) }),
    secrets: ['8f742231b10e8888abcd99yyyzzz85a5', 'slack-old-secret'],
    encoding: 'hex',
    message: (d) => `v0:${unix(d)}:${d.body}`,
    headers: (sig, d) => ({
      'x-slack-signature': `v0=${sig}`,
      'x-slack-request-timestamp': unix(d),
    }),
    signatureHeader: 'x-slack-signature',
    timestamp: { tolerance: 300, drop: del('x-slack-request-timestamp') },
  },
  {
    preset: 'solvimon',
    make: (secret, t) => presets.solvimon({ secret, ...tol(t) }),
    secrets: ['solvimon_test_secret_key', 'solvimon_previous_key'],
    encoding: 'hex',
    message: (d) => `${iso(d)}.${d.body}`,
    headers: (sig, d) => ({
      'x-payload-signature': `v1=${sig}`,
      'x-payload-signature-timestamp': iso(d),
    }),
    signatureHeader: 'x-payload-signature',
    timestamp: { tolerance: 300, drop: del('x-payload-signature-timestamp') },
  },
  {
    preset: 'square',
    make: (secret) => presets.square({ secret }),
    secrets: ['square-signature-key', 'square-old-key'],
    encoding: 'base64',
    message: (d) => `${d.url}${d.body}`,
    headers: (sig) => ({ 'x-square-hmacsha256-signature': sig }),
    signatureHeader: 'x-square-hmacsha256-signature',
  },
  svixLike('standardWebhooks', 'webhook'),
  {
    preset: 'stripe',
    make: (secret, t) => presets.stripe({ secret, ...tol(t) }),
    secrets: ['whsec_test_secret', 'whsec_rolled_secret'],
    encoding: 'hex',
    message: (d) => `${unix(d)}.${d.body}`,
    headers: (sig, d) => ({ 'stripe-signature': `t=${unix(d)},v1=${sig}` }),
    signatureHeader: 'stripe-signature',
    timestamp: { tolerance: 300, drop: dropParam('stripe-signature', 't') },
  },
  svixLike('svix', 'svix'),
  {
    preset: 'twitch',
    make: (secret, t) => presets.twitch({ secret, ...tol(t) }),
    secrets: ['twitch-eventsub-secret', 'twitch-old-secret'],
    encoding: 'hex',
    // RFC 3339 with nanoseconds, as Twitch sends it.
    message: (d) => `${d.id}${iso(d).replace('Z', '.123456789Z')}${d.body}`,
    headers: (sig, d) => ({
      'twitch-eventsub-message-signature': `sha256=${sig}`,
      'twitch-eventsub-message-id': d.id,
      'twitch-eventsub-message-timestamp': iso(d).replace('Z', '.123456789Z'),
      'twitch-eventsub-message-type': 'notification',
    }),
    signatureHeader: 'twitch-eventsub-message-signature',
    timestamp: { tolerance: 600, drop: del('twitch-eventsub-message-timestamp') },
    id: { drop: del('twitch-eventsub-message-id') },
  },
  {
    preset: 'typeform',
    make: (secret) => presets.typeform({ secret }),
    secrets: ['typeform-secret', 'typeform-old'],
    encoding: 'base64',
    message: (d) => d.body,
    headers: (sig) => ({ 'typeform-signature': `sha256=${sig}` }),
    signatureHeader: 'typeform-signature',
  },
  {
    preset: 'vercel',
    make: (secret) => presets.vercel({ secret }),
    secrets: ['vercel-webhook-secret', 'vercel-old'],
    algorithm: 'sha1',
    encoding: 'hex',
    message: (d) => d.body,
    headers: (sig) => ({ 'x-vercel-signature': sig }),
    signatureHeader: 'x-vercel-signature',
  },
  {
    preset: 'wooCommerce',
    make: (secret) => presets.wooCommerce({ secret }),
    secrets: ['wc-webhook-secret', 'wc-old'],
    encoding: 'base64',
    message: (d) => d.body,
    headers: (sig) => ({ 'x-wc-webhook-signature': sig }),
    signatureHeader: 'x-wc-webhook-signature',
  },
  {
    preset: 'zoom',
    make: (secret, t) => presets.zoom({ secret, ...tol(t) }),
    secrets: ['zoom-secret-token', 'zoom-old-token'],
    encoding: 'hex',
    message: (d) => `v0:${unix(d)}:${d.body}`,
    headers: (sig, d) => ({ 'x-zm-signature': `v0=${sig}`, 'x-zm-request-timestamp': unix(d) }),
    signatureHeader: 'x-zm-signature',
    timestamp: { tolerance: 300, drop: del('x-zm-request-timestamp') },
  },
]

function digest(c: Case, secret: string, d: Delivery): Buffer {
  const key = c.key ? c.key(secret) : Buffer.from(secret, 'utf8')
  return createHmac(c.algorithm ?? 'sha256', key)
    .update(c.message(d), 'utf8')
    .digest()
}

/** A delivery: signed over `signed`, but carrying the headers and body of `sent`. */
function request(
  c: Case,
  secret: string,
  signed: Delivery,
  sent: Delivery = signed,
  sig?: string,
): WebhookRequest {
  return {
    method: sent.method,
    url: sent.url,
    headers: c.headers(sig ?? digest(c, secret, signed).toString(c.encoding), sent),
    body: c.body ? c.body(sent) : sent.body,
  }
}

const verify = (check: Check, req: WebhookRequest, now = NOW): Promise<VerifyResult> =>
  createVerifier(check, { clock: () => now }).verify(req)

function expectCode(result: VerifyResult, code: string): void {
  expect(result.ok ? 'accepted' : result.error.code).toBe(code)
}

it('registers every preset tested here', () => {
  // Asymmetric presets (sendgrid, discord, plaid, ...) are tested beside their checks.
  expect(Object.keys(presets)).toEqual(
    expect.arrayContaining([...cases.map((c) => c.preset), 'gitlab']),
  )
})

it('exports every preset from @hookwarden/core/presets by name: the same functions as presets', () => {
  expect(Object.keys(named).sort()).toStrictEqual(Object.keys(presets).sort())
  for (const [name, preset] of Object.entries(presets)) {
    expect(named[name as keyof typeof named], name).toBe(preset)
  }
})

describe.each(cases)('$preset', (c) => {
  const [secret, other] = c.secrets

  it('accepts a delivery signed as documented and reports its own name', async () => {
    const result = await verify(c.make(secret), request(c, secret, base))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.webhook.check).toBe(c.preset)
    // Twitch's timestamp carries .123456789 s: milliseconds are kept.
    if (c.timestamp)
      expect(result.webhook.timestamp?.getTime()).toBe(base.ts + (c.preset === 'twitch' ? 123 : 0))
    if (c.id) expect(result.webhook.id).toBe(base.id)
    expect(new TextDecoder().decode(result.webhook.body)).toBe(c.body ? c.body(base) : base.body)
  })

  it('rejects a body changed by one byte', async () => {
    const req = request(c, secret, base)
    req.body = `${req.body as string} `
    expectCode(await verify(c.make(secret), req), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a signature made with another secret', async () => {
    expectCode(
      await verify(c.make(secret), request(c, other, base)),
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('rejects a missing signature header', async () => {
    const req = request(c, secret, base)
    delete (req.headers as Record<string, string>)[c.signatureHeader]
    expectCode(await verify(c.make(secret), req), 'ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('rejects the right digest in the wrong encoding', async () => {
    const mac = digest(c, secret, base)
    const wrong = c.wrongEncoding
      ? c.wrongEncoding(mac)
      : mac.toString(c.encoding === 'hex' ? 'base64' : 'hex')
    expectCode(
      await verify(c.make(secret), request(c, secret, base, base, wrong)),
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('accepts the previous secret during a rotation and reports its keyId', async () => {
    const check = c.make([
      { value: secret, id: 'new' },
      { value: other, id: 'old' },
    ])
    const result = await verify(check, request(c, other, base))
    expect(result.ok && result.webhook.keyId).toBe('old')
    const fresh = await verify(check, request(c, secret, base))
    expect(fresh.ok && fresh.webhook.keyId).toBe('new')
  })

  it('signRequest produces a delivery the preset accepts', async () => {
    const check = c.make(secret)
    const signed = await signRequest(check, {
      body: c.body ? c.body(base) : base.body,
      timestamp: base.ts,
      id: base.id,
      url: base.url,
    })
    expect(
      (
        await verify(check, {
          method: 'POST',
          url: base.url,
          headers: signed.headers,
          body: signed.body,
        })
      ).ok,
    ).toBe(true)
    // Same headers as the sender's (Lune's organisation pair and Twitch's nanoseconds aside).
    if (c.preset !== 'lune' && c.preset !== 'twitch') {
      expect(signed.headers).toEqual(c.headers(digest(c, secret, base).toString(c.encoding), base))
    }
  })
})

describe.each(cases.filter((c) => c.timestamp !== undefined))('$preset timestamp', (c) => {
  const [secret] = c.secrets
  const tolerance = c.timestamp!.tolerance

  it('rejects a changed timestamp', async () => {
    const req = request(c, secret, base, { ...base, ts: base.ts + 1000 })
    expectCode(await verify(c.make(secret), req), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it(`accepts ${tolerance - 1} s old and ${tolerance - 1} s ahead`, async () => {
    for (const ts of [NOW - (tolerance - 1) * 1000, NOW + (tolerance - 1) * 1000]) {
      const d = { ...base, ts }
      expect((await verify(c.make(secret), request(c, secret, d))).ok).toBe(true)
    }
  })

  it(`rejects ${tolerance + 1} s old and ${tolerance + 1} s ahead`, async () => {
    const old = { ...base, ts: NOW - (tolerance + 1) * 1000 }
    const ahead = { ...base, ts: NOW + (tolerance + 1) * 1000 }
    expectCode(
      await verify(c.make(secret), request(c, secret, old)),
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    )
    expectCode(
      await verify(c.make(secret), request(c, secret, ahead)),
      'ERR_WEBHOOK_TIMESTAMP_TOO_NEW',
    )
  })

  it('takes a tolerance option', async () => {
    const old = { ...base, ts: NOW - (tolerance + 1) * 1000 }
    expect((await verify(c.make(secret, tolerance + 10), request(c, secret, old))).ok).toBe(true)
    const recent = { ...base, ts: NOW - 3_000 }
    expectCode(
      await verify(c.make(secret, 1), request(c, secret, recent)),
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    )
  })

  const drop = c.timestamp!.drop
  // Linear's timestamp is inside the body: see request-fields.test.ts.
  if (drop)
    it('rejects a missing timestamp', async () => {
      const req = request(c, secret, base)
      drop(req.headers as Record<string, string>)
      expectCode(await verify(c.make(secret), req), 'ERR_WEBHOOK_TIMESTAMP_MISSING')
    })
})

describe.each(cases.filter((c) => c.id !== undefined))('$preset delivery id', (c) => {
  const [secret] = c.secrets
  it('rejects a changed id', async () => {
    const req = request(c, secret, base, { ...base, id: `${base.id}x` })
    expectCode(await verify(c.make(secret), req), 'ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects a missing id', async () => {
    const req = request(c, secret, base)
    c.id!.drop(req.headers as Record<string, string>)
    expectCode(await verify(c.make(secret), req), 'ERR_WEBHOOK_SIGNATURE_MISSING')
  })
})

it.each(cases.filter((c) => c.encoding === 'hex'))('$preset accepts uppercase hex', async (c) => {
  const [secret] = c.secrets
  const upper = digest(c, secret, base).toString('hex').toUpperCase()
  expect((await verify(c.make(secret), request(c, secret, base, base, upper))).ok).toBe(true)
})

describe('gitlab', () => {
  const check = presets.gitlab({ secret: 'glpat-like-token' })
  const body = '{"object_kind":"push"}'

  it('accepts the configured token and reports its name', async () => {
    const result = await verify(check, { headers: { 'X-Gitlab-Token': 'glpat-like-token' }, body })
    expect(result.ok && result.webhook.check).toBe('gitlab')
  })

  it('rejects a wrong or missing token', async () => {
    expectCode(
      await verify(check, { headers: { 'x-gitlab-token': 'glpat-like-tokeN' }, body }),
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    )
    expectCode(await verify(check, { headers: {}, body }), 'ERR_WEBHOOK_CREDENTIALS_MISSING')
  })

  it('accepts either token while it is changed', async () => {
    const both = presets.gitlab({
      secret: [
        { value: 'new-token', id: 'new' },
        { value: 'old-token', id: 'old' },
      ],
    })
    const result = await verify(both, { headers: { 'x-gitlab-token': 'old-token' }, body })
    expect(result.ok && result.webhook.keyId).toBe('old')
  })
})

describe('options', () => {
  it.each([...cases.map((c) => c.preset), 'gitlab'] as (keyof typeof presets)[])(
    '%s throws WebhookConfigError without a secret',
    (name) => {
      const make = presets[name] as (options: unknown) => Check
      expect(() => make({})).toThrow(
        expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
      )
      expect(() => make(undefined)).toThrow(
        expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
      )
    },
  )

  it.each(cases.filter((c) => c.timestamp))('$preset rejects a negative tolerance', (c) => {
    expect(() => c.make(c.secrets[0], -1)).toThrow(
      expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
    )
  })
})
