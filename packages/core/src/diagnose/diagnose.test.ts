/**
 * `diagnose` against deliveries that exhibit exactly one fault each, built with node:crypto or
 * the senders' SDKs (never with hookwarden). Every diagnosis is also checked for leaks: no
 * secret, signature, password or username may appear in a finding.
 */
import { createHmac, createSign, generateKeyPairSync, sign as edSign } from 'node:crypto'
import { sign as octokitSign } from '@octokit/webhooks-methods'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { Webhook as SvixWebhook } from 'svix'
import { describe, expect, it } from 'vitest'
import {
  apiKey,
  basicAuth,
  diagnose,
  hmac,
  presets,
  type Check,
  type Diagnosis,
  type FindingCode,
  type WebhookRequest,
} from '../index.js'
import { hasSortedKeys } from './variants.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const unix = (ms: number) => Math.floor(ms / 1000)
const SECRET = 'whsec_diagnose_current_5b1f0c2e'
const OTHER = 'whsec_diagnose_previous_77aa31d9'
const stripeSdk = new Stripe('sk_test_hookwarden_dummy')
const pretty = JSON.stringify(
  { id: 'evt_1', object: 'event', type: 'invoice.paid', data: { note: 'Zoë 😀' } },
  null,
  2,
)
const compact = JSON.stringify(JSON.parse(pretty))

const hmacOf = (secret: string, message: string | Buffer, algorithm = 'sha256') =>
  createHmac(algorithm, secret).update(message).digest()

/** Diagnoses at NOW and fails if a finding holds any of `forbidden` (or its visible parts). */
async function run(
  request: WebhookRequest,
  check: Check,
  forbidden: string[],
  now = NOW,
): Promise<Diagnosis> {
  const diagnosis = await diagnose(request, check, { clock: () => now })
  const text = JSON.stringify(diagnosis.findings)
  for (const value of forbidden) expect(text).not.toContain(value)
  return diagnosis
}
const codes = (d: Diagnosis): FindingCode[] => d.findings.map((f) => f.code)
const message = (d: Diagnosis, code: FindingCode) =>
  d.findings.find((f) => f.code === code)?.message ?? ''
/** The secrets plus every signature in `header` (hex or Base64 digests), which findings must never echo. */
const secretsAnd = (...values: string[]) => [
  SECRET,
  OTHER,
  ...values.flatMap((v) => [v, ...v.split(/[,= ]/).filter((p) => p.length >= 20)]),
]

describe('diagnose: accepted deliveries', () => {
  it('returns the accepted result and no findings', async () => {
    const header = stripeSdk.webhooks.generateTestHeaderString({
      payload: pretty,
      secret: SECRET,
      timestamp: unix(NOW),
    })
    const d = await run(
      { headers: { 'stripe-signature': header }, body: pretty },
      presets.stripe({ secret: SECRET }),
      secretsAnd(header),
    )
    expect(d.result.ok).toBe(true)
    expect(d.findings).toEqual([])
  })
})

describe('diagnose: a body parser changed the bytes', () => {
  it('finds a pretty Stripe body received as compact JSON (stripe-node signature)', async () => {
    const header = stripeSdk.webhooks.generateTestHeaderString({
      payload: pretty,
      secret: SECRET,
      timestamp: unix(NOW),
    })
    const d = await run(
      { headers: { 'stripe-signature': header }, body: compact },
      presets.stripe({ secret: SECRET }),
      secretsAnd(header),
    )
    expect(d.result.ok ? '' : d.result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect(codes(d)).toEqual(['DIAG_BODY_RESERIALISED'])
    expect(message(d, 'DIAG_BODY_RESERIALISED')).toContain('2-space pretty JSON')
    expect(message(d, 'DIAG_BODY_RESERIALISED')).toContain('raw bytes')
  })

  it('finds a compact GitHub body received pretty-printed (octokit signature)', async () => {
    const signature = await octokitSign(SECRET, compact)
    const d = await run(
      { headers: { 'x-hub-signature-256': signature }, body: pretty },
      presets.github({ secret: SECRET }),
      secretsAnd(signature),
    )
    expect(codes(d)).toEqual(['DIAG_BODY_RESERIALISED'])
    expect(message(d, 'DIAG_BODY_RESERIALISED')).toContain('compact JSON')
  })

  it('finds a trailing newline added after signing', async () => {
    const signature = await octokitSign(SECRET, compact)
    const d = await run(
      { headers: { 'x-hub-signature-256': signature }, body: `${compact}\n` },
      presets.github({ secret: SECRET }),
      secretsAnd(signature),
    )
    expect(codes(d)).toEqual(['DIAG_BODY_TRAILING_NEWLINE'])
    expect(message(d, 'DIAG_BODY_TRAILING_NEWLINE')).toContain('removed')
  })

  it('finds a trailing newline lost after signing (Standard Webhooks SDK)', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const at = new Date(NOW)
    const signature = new StandardWebhook(secret).sign('msg_1', at, `${compact}\n`)
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(unix(NOW)),
      'webhook-signature': signature,
    }
    const d = await run({ headers, body: compact }, presets.standardWebhooks({ secret }), [
      secret,
      signature.slice(3),
    ])
    expect(codes(d)).toEqual(['DIAG_BODY_TRAILING_NEWLINE'])
    expect(message(d, 'DIAG_BODY_TRAILING_NEWLINE')).toContain('added')
  })
})

describe('diagnose: the signature encoding', () => {
  it('finds a Base64 signature where GitHub expects hex, and the secret it matches', async () => {
    const signature = `sha256=${hmacOf(SECRET, compact).toString('base64')}`
    const d = await run(
      { headers: { 'x-hub-signature-256': signature }, body: compact },
      presets.github({ secret: SECRET }),
      secretsAnd(signature),
    )
    expect(d.result.ok ? '' : d.result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(codes(d)).toEqual(['DIAG_SIGNATURE_ENCODING'])
    expect(message(d, 'DIAG_SIGNATURE_ENCODING')).toMatch(
      /is Base64, but github expects hex.*matches the secret #1/,
    )
  })

  it('finds a hex signature where Equals Money expects Base64', async () => {
    const signature = hmacOf(SECRET, compact).toString('hex')
    const d = await run(
      { headers: { 'x-em-signature': signature }, body: compact },
      presets.equalsMoney({ secret: [{ value: SECRET, id: 'em-2026' }] }),
      secretsAnd(signature),
    )
    expect(codes(d)).toEqual(['DIAG_SIGNATURE_ENCODING'])
    expect(message(d, 'DIAG_SIGNATURE_ENCODING')).toMatch(
      /is hex, but equalsMoney expects Base64 or Base64url.*secret `em-2026`/,
    )
  })

  it('finds a hex DER ECDSA signature where SendGrid expects Base64', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const ts = String(unix(NOW))
    const der = createSign('sha256')
      .update(ts + compact)
      .sign(privateKey)
    const headers = {
      'x-twilio-email-event-webhook-signature': der.toString('hex'),
      'x-twilio-email-event-webhook-timestamp': ts,
    }
    const check = presets.sendgrid({
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    })
    const d = await run({ headers, body: compact }, check, [
      der.toString('hex'),
      der.toString('base64'),
    ])
    expect(codes(d)).toEqual(['DIAG_SIGNATURE_ENCODING'])
    expect(message(d, 'DIAG_SIGNATURE_ENCODING')).toContain('matches the public key #1')
  })
})

describe('diagnose: secrets outside their window', () => {
  const rolledAt = NOW - 86_400_000
  const rotated = presets.stripe({
    secret: [
      { value: SECRET, id: 'current' },
      { value: OTHER, id: 'previous', notAfter: rolledAt },
    ],
  })

  it('finds a signature made with the retired secret, naming its id and end', async () => {
    const header = stripeSdk.webhooks.generateTestHeaderString({
      payload: pretty,
      secret: OTHER,
      timestamp: unix(NOW),
    })
    const d = await run(
      { headers: { 'stripe-signature': header }, body: pretty },
      rotated,
      secretsAnd(header),
    )
    expect(codes(d)).toEqual(['DIAG_SECRET_EXPIRED'])
    expect(message(d, 'DIAG_SECRET_EXPIRED')).toContain(
      'secret `previous`, which expired at 2026-01-14T12:00:00.000Z (86400 seconds',
    )
  })

  it('finds a signature made with a secret not valid yet', async () => {
    const check = presets.github({ secret: [SECRET, { value: OTHER, notBefore: NOW + 3_600_000 }] })
    const signature = await octokitSign(OTHER, compact)
    const d = await run(
      { headers: { 'x-hub-signature-256': signature }, body: compact },
      check,
      secretsAnd(signature),
    )
    expect(codes(d)).toEqual(['DIAG_SECRET_NOT_YET_VALID'])
    expect(message(d, 'DIAG_SECRET_NOT_YET_VALID')).toContain(
      'secret #2 (no id), which is valid only from 2026-01-15T13:00:00.000Z',
    )
  })

  it('says the secret is wrong when no key and no alteration matches', async () => {
    const signature = await octokitSign('some-other-secret-entirely', compact)
    const d = await run(
      { headers: { 'x-hub-signature-256': signature }, body: compact },
      presets.github({ secret: SECRET }),
      [...secretsAnd(signature), 'some-other-secret-entirely'],
    )
    expect(codes(d)).toEqual(['DIAG_SECRET_WRONG'])
  })
})

describe('diagnose: a body re-serialised with its keys sorted', () => {
  // The sender's bytes: keys in the sender's order. The receiver's stack re-wrote them sorted
  // (as Go's encoding/json does from a map), which no variant can undo.
  const sent =
    '{"type":"invoice.paid","id":"evt_1","object":"event","data":{"note":"x","amount":5}}'
  const sortedBody =
    '{"data":{"amount":5,"note":"x"},"id":"evt_1","object":"event","type":"invoice.paid"}'

  it('says a sorted-key body is the likely cause, not only a wrong secret', async () => {
    const signature = await octokitSign(SECRET, sent)
    const d = await run(
      { headers: { 'x-hub-signature-256': signature }, body: sortedBody },
      presets.github({ secret: SECRET }),
      secretsAnd(signature),
    )
    expect(codes(d)).toEqual(['DIAG_BODY_KEYS_SORTED', 'DIAG_SECRET_WRONG'])
    expect(message(d, 'DIAG_BODY_KEYS_SORTED')).toContain('Likely cause: something parsed the body')
    expect(message(d, 'DIAG_SECRET_WRONG')).toContain('unless the body was re-serialised (above)')
    expect(message(d, 'DIAG_SECRET_WRONG')).not.toContain('most likely')
  })

  it.each([
    ['sorted keys inside arrays', '[{"a":1,"b":[{"c":1,"d":2}]},{"e":1,"f":2}]', true],
    ['an unsorted object inside an array', '[{"a":1,"b":2,"c":3,"d":4},{"b":1,"a":2}]', false],
    ['a bare value', '42', false],
    [
      'a JSON string holding sorted-looking text',
      '"{\\"a\\":1,\\"b\\":2,\\"c\\":3,\\"d\\":4}"',
      false,
    ],
  ])('hasSortedKeys: %s', (_name, body, expected) => {
    expect(hasSortedKeys(new TextEncoder().encode(body))).toBe(expected)
  })

  it('hasSortedKeys: false for bytes that are not UTF-8', () => {
    expect(hasSortedKeys(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toBe(false)
  })

  it.each([
    ['keys in the sender order', sent],
    ['too few keys to tell', '{"a":1,"b":2}'],
    ['not JSON', 'a=1&b=2&c=3&d=4'],
  ])('does not blame re-serialisation for %s', async (_name, body) => {
    const signature = await octokitSign('some-other-secret-entirely', body)
    const d = await run(
      { headers: { 'x-hub-signature-256': signature }, body },
      presets.github({ secret: SECRET }),
      secretsAnd(signature),
    )
    expect(codes(d)).toEqual(['DIAG_SECRET_WRONG'])
    expect(message(d, 'DIAG_SECRET_WRONG')).toContain('most likely the secret is wrong')
  })
})

describe('diagnose: the timestamp', () => {
  it('finds an old Stripe timestamp, the tolerance, and that the signature itself is right', async () => {
    const header = stripeSdk.webhooks.generateTestHeaderString({
      payload: pretty,
      secret: SECRET,
      timestamp: unix(NOW) - 3600,
    })
    const d = await run(
      { headers: { 'stripe-signature': header }, body: pretty },
      presets.stripe({ secret: [{ value: SECRET, id: 'live' }] }),
      secretsAnd(header),
    )
    expect(d.result.ok ? '' : d.result.error.code).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(codes(d)).toEqual(['DIAG_TIMESTAMP_SKEW', 'DIAG_SIGNATURE_MATCHES'])
    expect(message(d, 'DIAG_TIMESTAMP_SKEW')).toContain(
      'is 3600 seconds older than the verification time',
    )
    expect(message(d, 'DIAG_TIMESTAMP_SKEW')).toContain('the tolerance is 300 seconds')
    expect(message(d, 'DIAG_SIGNATURE_MATCHES')).toContain('secret `live`')
  })

  it('finds a Svix timestamp in the future, reported once for the svix-* and webhook-* sets', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const at = new Date(NOW + 900_000)
    const signature = new SvixWebhook(secret).sign('msg_2', at, compact)
    const headers = {
      'svix-id': 'msg_2',
      'svix-timestamp': String(unix(at.getTime())),
      'svix-signature': signature,
    }
    const d = await run({ headers, body: compact }, presets.svix({ secret }), [
      secret,
      signature.slice(3),
    ])
    expect(codes(d)).toEqual(['DIAG_TIMESTAMP_SKEW', 'DIAG_SIGNATURE_MATCHES'])
    expect(message(d, 'DIAG_TIMESTAMP_SKEW')).toContain('is 900 seconds in the future')
  })

  it('finds a timestamp in milliseconds where Slack sends seconds', async () => {
    const secret = 'slack-signing-secret-0123456789'
    const ts = String(NOW)
    const signature = `v0=${hmacOf(secret, `v0:${ts}:${compact}`).toString('hex')}`
    const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts }
    const d = await run({ headers, body: compact }, presets.slack({ secret }), [
      secret,
      signature.slice(3),
    ])
    expect(codes(d)[0]).toBe('DIAG_TIMESTAMP_FORMAT')
    expect(message(d, 'DIAG_TIMESTAMP_FORMAT')).toContain(
      'looks like Unix milliseconds, but slack reads Unix seconds',
    )
  })
})

describe('diagnose: the signed content template', () => {
  const secret = 'monime-hs256-secret-of-at-least-32-characters'
  const t = String(unix(NOW))
  const monimeHeader = (separator: string) =>
    `t=${t},v1=${hmacOf(secret, `${t}${separator}${compact}`).toString('base64')}`

  it.each([
    ['.', 'a dot'],
    [':', 'a colon'],
    ['', 'nothing'],
  ])(
    'finds Monime deliveries signed with %j instead of the underscore',
    async (separator, name) => {
      const header = monimeHeader(separator)
      const d = await run(
        { headers: { 'monime-signature': header }, body: compact },
        presets.monime({ secret }),
        [secret, header.split('v1=')[1]!],
      )
      expect(codes(d)).toEqual(['DIAG_TEMPLATE_MISMATCH'])
      expect(message(d, 'DIAG_TEMPLATE_MISMATCH')).toContain(
        `\`{timestamp}${separator}{body}\`, but this check signs \`{timestamp}_{body}\``,
      )
      expect(message(d, 'DIAG_TEMPLATE_MISMATCH')).toContain(name)
    },
  )

  it("finds Monime's underscore when a hand-made check expects a dot", async () => {
    const check = hmac({
      name: 'mine',
      header: 'monime-signature',
      format: { pairs: 'v1' },
      timestamp: { param: 't' },
      content: '{timestamp}.{body}',
      encoding: 'base64',
      secrets: secret,
    })
    const header = monimeHeader('_')
    const d = await run({ headers: { 'monime-signature': header }, body: compact }, check, [
      secret,
      header.split('v1=')[1]!,
    ])
    expect(message(d, 'DIAG_TEMPLATE_MISMATCH')).toContain('an underscore')
  })
})

describe('diagnose: the signature header', () => {
  it('finds the right signature under another header name', async () => {
    const signature = await octokitSign(SECRET, compact)
    const d = await run(
      {
        headers: { 'x-signature-256': signature, 'content-type': 'application/json' },
        body: compact,
      },
      presets.github({ secret: SECRET }),
      secretsAnd(signature),
    )
    expect(d.result.ok ? '' : d.result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
    expect(codes(d)).toEqual(['DIAG_SIGNATURE_HEADER_ELSEWHERE'])
    expect(message(d, 'DIAG_SIGNATURE_HEADER_ELSEWHERE')).toContain(
      'the signature under `x-signature-256` verifies',
    )
  })

  it("finds another sender's signature header (Intercom's X-Hub-Signature)", async () => {
    const signature = `sha1=${hmacOf(SECRET, compact, 'sha1').toString('hex')}`
    const d = await run(
      { headers: { 'X-Hub-Signature': signature }, body: compact },
      presets.github({ secret: SECRET }),
      secretsAnd(signature),
    )
    expect(codes(d)).toEqual(['DIAG_SIGNATURE_HEADER_ELSEWHERE'])
    expect(message(d, 'DIAG_SIGNATURE_HEADER_ELSEWHERE')).toContain(
      '`x-hub-signature`, the signature header of intercom',
    )
  })

  it('lists the headers received when no signature is anywhere', async () => {
    const d = await run(
      { headers: { 'content-type': 'application/json', 'user-agent': 'curl/8' }, body: compact },
      presets.github({ secret: SECRET }),
      [SECRET],
    )
    expect(codes(d)).toEqual(['DIAG_SIGNATURE_HEADER_MISSING'])
    expect(message(d, 'DIAG_SIGNATURE_HEADER_MISSING')).toContain(
      'Headers received: content-type, user-agent',
    )
  })

  it('finds a missing sha256= prefix', async () => {
    const digest = hmacOf(SECRET, compact).toString('hex')
    const d = await run(
      { headers: { 'x-hub-signature-256': digest }, body: compact },
      presets.github({ secret: SECRET }),
      secretsAnd(digest),
    )
    expect(codes(d)).toEqual(['DIAG_SIGNATURE_PREFIX'])
  })
})

describe('diagnose: credentials', () => {
  const username = 'solvimon:ops'
  const password = 'correct-horse-battery-staple'
  const basic = (user: string, pass: string) =>
    `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
  const check = basicAuth({ credentials: [{ username, password, id: 'ops' }] })
  const forbidden = [
    username,
    password,
    'wrong-password-123',
    Buffer.from(`${username}:${password}`).toString('base64'),
  ]

  it('finds a right username with a wrong password, revealing neither', async () => {
    const d = await run(
      { headers: { authorization: basic(username, 'wrong-password-123') }, body: '' },
      check,
      [...forbidden, basic(username, 'wrong-password-123').slice(6)],
    )
    expect(codes(d)).toEqual(['DIAG_PASSWORD_WRONG'])
    expect(message(d, 'DIAG_PASSWORD_WRONG')).toBe(
      'The username matches the credential `ops`, but the password does not.',
    )
  })

  it('finds an unknown username', async () => {
    const d = await run(
      { headers: { authorization: basic('someone', password) }, body: '' },
      check,
      forbidden,
    )
    expect(codes(d)).toEqual(['DIAG_USERNAME_UNKNOWN'])
  })

  it('finds a missing Authorization header', async () => {
    const d = await run({ headers: {}, body: '' }, check, forbidden)
    expect(codes(d)).toEqual(['DIAG_CREDENTIALS_MISSING'])
  })

  it('finds a Bearer token where Basic is expected', async () => {
    const d = await run(
      { headers: { authorization: `Bearer ${password}` }, body: '' },
      check,
      forbidden,
    )
    expect(message(d, 'DIAG_CREDENTIALS_SCHEME')).toContain('uses the Bearer scheme')
  })

  it('finds a retired credential', async () => {
    const rotated = basicAuth({
      credentials: [{ username, password, id: 'old', notAfter: NOW - 1000 }],
    })
    const d = await run(
      { headers: { authorization: basic(username, password) }, body: '' },
      rotated,
      forbidden,
    )
    expect(codes(d)).toEqual(['DIAG_SECRET_EXPIRED'])
  })

  it('finds an API key sent as a Bearer token instead of in its header', async () => {
    const key = 'key_8f14e45fceea167a5a36dedd4bea2543'
    const d = await run(
      { headers: { authorization: `Bearer ${key}` }, body: '' },
      apiKey({ header: 'x-api-key', keys: key }),
      [key],
    )
    expect(codes(d)).toEqual(['DIAG_CREDENTIALS_HEADER_ELSEWHERE'])
    expect(message(d, 'DIAG_CREDENTIALS_HEADER_ELSEWHERE')).toContain(
      '`authorization` holds one of the configured keys',
    )
  })

  it('finds a missing prefix and a wrong key', async () => {
    const key = 'key_8f14e45fceea167a5a36dedd4bea2543'
    const check = apiKey({ header: 'authorization', prefix: 'Bearer ', keys: key })
    const bare = await run({ headers: { authorization: key }, body: '' }, check, [key])
    expect(codes(bare)).toEqual(['DIAG_CREDENTIALS_PREFIX'])
    const wrong = await run(
      { headers: { authorization: 'Bearer key_wrong_0000000000000000' }, body: '' },
      check,
      [key, 'key_wrong_0000000000000000'],
    )
    expect(codes(wrong)).toEqual(['DIAG_CREDENTIALS_WRONG'])
  })

  it('reports only the failing part of a composed preset (Solvimon: Basic auth and signature)', async () => {
    const secret = 'solvimon-secret-key-0123'
    const ts = '2026-01-15T12:00:00Z'
    const signature = `v1=${hmacOf(secret, `${ts}.${compact}`).toString('hex').toUpperCase()}`
    const solvimon = presets.solvimon({ secret, basicAuth: { username, password } })
    const headers = {
      'x-payload-signature': signature,
      'x-payload-signature-timestamp': ts,
      authorization: basic(username, 'wrong-password-123'),
    }
    const d = await run({ headers, body: compact }, solvimon, [
      ...forbidden,
      secret,
      signature.slice(3),
    ])
    expect(d.result.ok ? '' : d.result.error.code).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
    expect(codes(d)).toEqual(['DIAG_PASSWORD_WRONG'])
  })
})

describe('diagnose: presets that rewrite or sign differently', () => {
  it("looks through HubSpot's URL rewrite: a skewed millisecond timestamp, signature right", async () => {
    const secret = 'hubspot-app-secret-4c7a91'
    const url = 'https://hooks.example.com/hubspot?portal=42'
    const ts = String(NOW - 600_000)
    const signature = hmacOf(secret, `POST${url}${compact}${ts}`).toString('base64')
    const headers = { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': ts }
    const d = await run(
      { method: 'POST', url, headers, body: compact },
      presets.hubspot({ secret }),
      [secret, signature],
    )
    expect(codes(d)).toEqual(['DIAG_TIMESTAMP_SKEW', 'DIAG_SIGNATURE_MATCHES'])
    expect(message(d, 'DIAG_TIMESTAMP_SKEW')).toContain('is 600 seconds older')
  })

  it('says the public key is wrong for an Ed25519 (Discord) signature made with another key', async () => {
    const mine = generateKeyPairSync('ed25519')
    const theirs = generateKeyPairSync('ed25519')
    const ts = String(unix(NOW))
    const signature = edSign(null, Buffer.from(ts + compact), theirs.privateKey).toString('hex')
    const headers = { 'x-signature-ed25519': signature, 'x-signature-timestamp': ts }
    const check = presets.discord({
      publicKey: mine.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    })
    const d = await run({ headers, body: compact }, check, [signature])
    expect(codes(d)).toEqual(['DIAG_SECRET_WRONG'])
    expect(message(d, 'DIAG_SECRET_WRONG')).toContain(
      'No configured public key produced this signature',
    )
  })

  it('finds a missing signed delivery id (Standard Webhooks)', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const signature = new StandardWebhook(secret).sign('msg_3', new Date(NOW), compact)
    const headers = { 'webhook-timestamp': String(unix(NOW)), 'webhook-signature': signature }
    const d = await run({ headers, body: compact }, presets.standardWebhooks({ secret }), [
      secret,
      signature.slice(3),
    ])
    expect(codes(d)).toEqual(['DIAG_ID_MISSING'])
  })
})
