#!/usr/bin/env node
/**
 * Writes the HMAC, Basic-auth, API-key, rotation and malformed-header vectors in this folder.
 * Every expected signature is computed here with `node:crypto` (never with hookwarden), and the
 * published vectors of PROVIDERS.md §7 are checked against `node:crypto` before they are written.
 *
 * Usage: node test/vectors/generate.mjs   (rewrites the *.json files beside this script)
 */
import { createHmac } from 'node:crypto'
import { writeFileSync } from 'node:fs'

const here = (name) => new URL(`./${name}`, import.meta.url)
const mac = (secret, ...parts) => {
  const h = createHmac('sha256', secret)
  for (const p of parts) h.update(p)
  return h.digest()
}
const hex = (secret, ...parts) => mac(secret, ...parts).toString('hex')
const b64 = (secret, ...parts) => mac(secret, ...parts).toString('base64')
const b64url = (secret, ...parts) => mac(secret, ...parts).toString('base64url')
const ok = (keyId) => (keyId === undefined ? { ok: true } : { ok: true, keyId })
const code = (c) => ({ code: `ERR_WEBHOOK_${c}` })
const assertEqual = (actual, expected, what) => {
  if (actual !== expected)
    throw new Error(`${what}: node:crypto gives ${actual}, published ${expected}`)
}

// ---- Published vectors (PROVIDERS.md §7), verified here before use --------------------------
const G = [
  {
    n: 'G1 octokit',
    key: 'secret',
    msg: 'data',
    hex: '1b2c16b75bd2a870c114153ccda5bcfca63314bc722fa160d690de133ccbb9db',
  },
  {
    n: 'G2 stripe empty body',
    key: 'test_secret',
    msg: '',
    hex: 'f7f9bd47fb987337b5796fdc1fdb9ba221d0d5396814bfcaf9521f43fd8927fd',
  },
  {
    n: 'G3 stripe non-BMP UTF-8 body',
    key: 'test_secret',
    msg: '😀',
    hex: '837da296d05c4fe31f61d5d7ead035099d9585a5bcde87de952012a78f0b0c43',
  },
  {
    n: 'G4 GitHub docs',
    key: "It's a Secret to Everybody",
    msg: 'Hello, World!',
    hex: '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
  },
]
for (const g of G) assertEqual(hex(g.key, g.msg), g.hex, g.n)

const V1 = {
  secret: '0123456789abcdef0123456789abcdef',
  t: '1700000000',
  body: '{"apiVersion":"2024-08-01","event":{"id":"wke-test","name":"payment.completed","timestamp":"1700000000"},"object":{"id":"spm-test","type":"payment"},"data":{"status":"completed"}}',
  sig: '2z8aY6oBwfM6+otqYcL5gnNiNXgrvf6HUbIyNgg44b0=',
}
assertEqual(b64(V1.secret, `${V1.t}_`, V1.body), V1.sig, 'V1')
const V3 = {
  secret: 'solvimon_test_secret_key',
  t: '2024-04-12T15:22:37Z',
  body: '{"created_at":"2024-04-12T15:22:37Z","type":"INVOICE.STATUS_TO_FINAL","environment":"TEST","data":{"id":"inv_123"}}',
  sig: '9c8e0022a92704f6d3fbf7e8add1080ead909a7821f99cdd920543823d630dae',
}
assertEqual(hex(V3.secret, `${V3.t}.`, V3.body), V3.sig, 'V3')
const V4 = {
  secret: '123e4567-e89b-12d3-a456-426614174100',
  body: '{"body":{"accountId":"F12345","correlationId":"123456789","eventTime":"2023-05-31T15:59:17.613Z","status":"applicationPending","type":"Business","messageId":"0473b4d0-2f69-4bc5-ab7b-94589a4e48ba","webhookEventTypeName":"AccountCreated"}}',
  sig: 'Omj1oWddTISqPAoLZkkS4Yg9mXe7Z8LGow5YS31duK4=',
}
assertEqual(b64(V4.secret, V4.body), V4.sig, 'V4')
const V5 = {
  secret: 'lune_test_webhook_secret',
  t: '1700000000',
  body: '{"events":[{"api_version":"v1","event_id":"evt_1","account_id":"acc_1","event_type":"order.completed","sequence":"2021-09-13T16:21:29.067Z","data":{"order":{"id":"ord_1","status":"complete"}}}]}',
  hex: '65073bfd201256db8a336436011c1b93e695389415ebd8d6278d6356f33255b5',
  b64: 'ZQc7/SASVtuKM2Q2ARwbk+aVOJQV69jWJ41jVvMyVbU=',
}
assertEqual(hex(V5.secret, `${V5.t}.`, V5.body), V5.hex, 'V5 hex')
assertEqual(b64(V5.secret, `${V5.t}.`, V5.body), V5.b64, 'V5 base64')
const V7 = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  t: '1614265330',
  body: '{"test": 2432232314}',
  sig: 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const V7key = Buffer.from(V7.secret.slice('whsec_'.length), 'base64')
assertEqual(b64(V7key, `${V7.id}.${V7.t}.`, V7.body), V7.sig, 'V7')

// ---- Shared check shapes (JSON options for hmac()) --------------------------------------------
const T = 1_700_000_000 // unix seconds used by the timestamped rows
const NOW = T * 1000
const plainHex = (secrets, extra = {}) => ({
  header: 'x-signature',
  encoding: 'hex',
  secrets,
  ...extra,
})
const github = (secrets) => plainHex(secrets, { header: 'x-hub-signature-256', prefix: 'sha256=' })
const stripeLike = (secrets, extra = {}) => ({
  header: 'x-signature',
  format: { pairs: 'v1' },
  timestamp: { param: 't' },
  content: '{timestamp}.{body}',
  encoding: 'hex',
  secrets,
  ...extra,
})
const solvimon = (secrets, extra = {}) => ({
  header: 'x-payload-signature',
  format: { pairs: 'v1', separator: ', ;' },
  timestamp: { header: 'x-payload-signature-timestamp', format: 'iso8601' },
  content: '{timestamp}.{body}',
  encoding: 'hex',
  secrets,
  ...extra,
})
const standard = (secrets, extra = {}) => ({
  header: 'webhook-signature',
  format: { tokens: 'v1' },
  id: { header: 'webhook-id' },
  timestamp: { header: 'webhook-timestamp' },
  content: '{id}.{timestamp}.{body}',
  encoding: 'base64',
  secretEncoding: 'whsec',
  secrets,
  ...extra,
})
const plainB64 = (secrets, extra = {}) => ({
  header: 'x-signature',
  encoding: 'base64',
  secrets,
  ...extra,
})
const row = (name, check, headers, body, expect, more = {}) => ({
  name,
  input: { check, headers, body, ...more },
  expect,
})

// ---- hmac-hex.json ------------------------------------------------------------------------------
const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0x80, 0x7b, 0x7d, 0xc3, 0x28, 0xed, 0xa0, 0x80])
const BODY = '{"event":"ping","n":1}'
const good = hex('s3cret', BODY)
const stripeSig = (secret, t, body) => hex(secret, `${t}.`, body)
const hmacHex = [
  ...G.map((g) =>
    row(`${g.n} (published)`, plainHex(g.key), { 'x-signature': g.hex }, g.msg, ok()),
  ),
  row(
    'V6 GitHub docs vector with sha256= prefix (published)',
    github("It's a Secret to Everybody"),
    { 'x-hub-signature-256': `sha256=${G[3].hex}` },
    'Hello, World!',
    ok(),
  ),
  row(
    'V6 with an uppercase digest passes (hex is case-insensitive)',
    github("It's a Secret to Everybody"),
    { 'x-hub-signature-256': `sha256=${G[3].hex.toUpperCase()}` },
    'Hello, World!',
    ok(),
  ),
  row(
    'mixed-case hex passes',
    plainHex('s3cret'),
    { 'x-signature': good.slice(0, 32).toUpperCase() + good.slice(32) },
    BODY,
    ok(),
  ),
  row(
    'surrounding whitespace in the header value is ignored',
    plainHex('s3cret'),
    { 'x-signature': `  ${good} ` },
    BODY,
    ok(),
  ),
  row(
    'wrong secret',
    plainHex('s3cret'),
    { 'x-signature': hex('s3cret!', BODY) },
    BODY,
    code('SIGNATURE_MISMATCH'),
  ),
  row(
    'body tampered by one byte',
    plainHex('s3cret'),
    { 'x-signature': good },
    BODY.replace('1', '2'),
    code('SIGNATURE_MISMATCH'),
  ),
  row(
    'body with one extra trailing space',
    plainHex('s3cret'),
    { 'x-signature': good },
    BODY + ' ',
    code('SIGNATURE_MISMATCH'),
  ),
  row(
    'odd-length hex',
    plainHex('s3cret'),
    { 'x-signature': good.slice(0, 63) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'hex one byte short (62 digits)',
    plainHex('s3cret'),
    { 'x-signature': good.slice(0, 62) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'hex one byte long (66 digits)',
    plainHex('s3cret'),
    { 'x-signature': good + '00' },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'junk character in hex',
    plainHex('s3cret'),
    { 'x-signature': 'g' + good.slice(1) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'non-ASCII digit in hex',
    plainHex('s3cret'),
    { 'x-signature': '٣' + good.slice(1) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'missing prefix',
    github('s3cret'),
    { 'x-hub-signature-256': good },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'doubled prefix',
    github('s3cret'),
    { 'x-hub-signature-256': `sha256=sha256=${good}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'prefix alone',
    github('s3cret'),
    { 'x-hub-signature-256': 'sha256=' },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'empty header value',
    plainHex('s3cret'),
    { 'x-signature': '' },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row('missing header', plainHex('s3cret'), {}, BODY, code('SIGNATURE_MISSING')),
  row(
    'signature in another header',
    plainHex('s3cret'),
    { 'x-other': good },
    BODY,
    code('SIGNATURE_MISSING'),
  ),
  row('empty but signed body', plainHex('s3cret'), { 'x-signature': hex('s3cret', '') }, '', ok()),
  row(
    'invalid UTF-8 body verifies over the exact bytes',
    plainHex('s3cret'),
    { 'x-signature': hex('s3cret', INVALID_UTF8) },
    { hex: INVALID_UTF8.toString('hex') },
    ok(),
  ),
  row(
    'invalid UTF-8 body: signature of the U+FFFD-replaced text does not match',
    plainHex('s3cret'),
    { 'x-signature': hex('s3cret', Buffer.from(INVALID_UTF8.toString('utf8'))) },
    { hex: INVALID_UTF8.toString('hex') },
    code('SIGNATURE_MISMATCH'),
  ),
  row(
    'secret given as an entry with an id reports keyId',
    plainHex({ value: 's3cret', id: 'k1' }),
    { 'x-signature': good },
    BODY,
    ok('k1'),
  ),
  row(
    'hex secretEncoding uses the decoded key bytes',
    plainHex('00ff10', { secretEncoding: 'hex' }),
    { 'x-signature': hex(Buffer.from('00ff10', 'hex'), BODY) },
    BODY,
    ok(),
  ),
  row(
    'base64 secretEncoding uses the decoded key bytes',
    plainHex('AP8Q', { secretEncoding: 'base64' }),
    { 'x-signature': hex(Buffer.from('AP8Q', 'base64'), BODY) },
    BODY,
    ok(),
  ),
  row(
    'utf8 secret is not hex-decoded',
    plainHex('00ff10'),
    { 'x-signature': hex(Buffer.from('00ff10', 'hex'), BODY) },
    BODY,
    code('SIGNATURE_MISMATCH'),
  ),

  // Pairs format (Stripe-like) and timestamps.
  row(
    'pairs: t, two v1 (second matches) and a v0',
    stripeLike('s3cret'),
    {
      'x-signature': `t=${T},v1=${stripeSig('other', T, BODY)},v1=${stripeSig('s3cret', T, BODY)},v0=${stripeSig('s3cret', T, BODY)}`,
    },
    BODY,
    ok(),
    { now: NOW },
  ),
  row(
    'pairs: only a v0 with the right signature',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v0=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'pairs: unknown keys are ignored (Lune organisation=)',
    stripeLike(V5.secret, { timestamp: { param: 'timestamp' } }),
    { 'x-signature': `timestamp=${V5.t},organisation=org_1,v1=${V5.hex}` },
    V5.body,
    ok(),
    { now: NOW },
  ),
  row(
    'pairs: the timestamp is signed (t changed)',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T + 1},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    code('SIGNATURE_MISMATCH'),
    { now: NOW },
  ),
  row(
    'pairs: t missing',
    stripeLike('s3cret'),
    { 'x-signature': `v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    code('TIMESTAMP_MISSING'),
    { now: NOW },
  ),
  row(
    'pairs: t not a number',
    stripeLike('s3cret'),
    { 'x-signature': `t=17e8,v1=${stripeSig('s3cret', '17e8', BODY)}` },
    BODY,
    code('TIMESTAMP_INVALID'),
    { now: NOW },
  ),
  row(
    'pairs: negative t',
    stripeLike('s3cret'),
    { 'x-signature': `t=-1,v1=${stripeSig('s3cret', '-1', BODY)}` },
    BODY,
    code('TIMESTAMP_INVALID'),
    { now: NOW },
  ),
  row(
    'pairs: fractional t',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T}.5,v1=${stripeSig('s3cret', `${T}.5`, BODY)}` },
    BODY,
    code('TIMESTAMP_INVALID'),
    { now: NOW },
  ),
  row(
    'timestamp exactly at the tolerance in the past',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    ok(),
    { now: NOW + 300_000 },
  ),
  row(
    'timestamp 1 ms beyond the tolerance in the past',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    code('TIMESTAMP_TOO_OLD'),
    { now: NOW + 300_001 },
  ),
  row(
    'timestamp exactly at the tolerance in the future',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    ok(),
    { now: NOW - 300_000 },
  ),
  row(
    'timestamp 1 ms beyond the tolerance in the future',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    code('TIMESTAMP_TOO_NEW'),
    { now: NOW - 300_001 },
  ),
  row(
    'custom check tolerance 10 s: 10 s old passes',
    stripeLike('s3cret', { tolerance: 10 }),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    ok(),
    { now: NOW + 10_000 },
  ),
  row(
    'custom check tolerance 10 s: 11 s old fails',
    stripeLike('s3cret', { tolerance: 10 }),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    code('TIMESTAMP_TOO_OLD'),
    { now: NOW + 11_000 },
  ),
  row(
    'tolerance 0 on the check disables the age check (10 years old)',
    stripeLike('s3cret', { tolerance: 0 }),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    ok(),
    { now: NOW + 10 * 365 * 86_400_000 },
  ),
  row(
    'tolerance 0 on the check disables the check in the future too',
    stripeLike('s3cret', { tolerance: 0 }),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    ok(),
    { now: NOW - 10 * 365 * 86_400_000 },
  ),
  row(
    'verifier tolerance 600 overrides the check default 300',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    ok(),
    { now: NOW + 400_000, verifier: { tolerance: 600 } },
  ),
  row(
    'verifier tolerance 60 overrides a check tolerance of 300',
    stripeLike('s3cret', { tolerance: 300 }),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    code('TIMESTAMP_TOO_OLD'),
    { now: NOW + 61_000, verifier: { tolerance: 60 } },
  ),
  row(
    'verifier tolerance 0 disables a check tolerance of 300',
    stripeLike('s3cret', { tolerance: 300 }),
    { 'x-signature': `t=${T},v1=${stripeSig('s3cret', T, BODY)}` },
    BODY,
    ok(),
    { now: NOW + 86_400_000, verifier: { tolerance: 0 } },
  ),
  row(
    'unix-ms timestamp header',
    plainHex('s3cret', {
      timestamp: { header: 'x-timestamp', format: 'unix-ms' },
      content: '{timestamp}.{body}',
    }),
    { 'x-signature': hex('s3cret', `${NOW + 123}.`, BODY), 'x-timestamp': String(NOW + 123) },
    BODY,
    ok(),
    { now: NOW },
  ),
  row(
    'unix-ms: 1 ms beyond the tolerance',
    plainHex('s3cret', {
      timestamp: { header: 'x-timestamp', format: 'unix-ms' },
      content: '{timestamp}.{body}',
    }),
    { 'x-signature': hex('s3cret', `${NOW}.`, BODY), 'x-timestamp': String(NOW) },
    BODY,
    code('TIMESTAMP_TOO_OLD'),
    { now: NOW + 300_001 },
  ),
  row(
    'unix-ms: seconds sent where ms are expected read as 1970',
    plainHex('s3cret', {
      timestamp: { header: 'x-timestamp', format: 'unix-ms' },
      content: '{timestamp}.{body}',
    }),
    { 'x-signature': hex('s3cret', `${T}.`, BODY), 'x-timestamp': String(T) },
    BODY,
    code('TIMESTAMP_TOO_OLD'),
    { now: NOW },
  ),

  // Solvimon style: ISO-8601 timestamp header used verbatim in the content (V3).
  row(
    'V3 Solvimon (derived): ISO-8601 timestamp signed verbatim',
    solvimon(V3.secret),
    { 'x-payload-signature': `v1=${V3.sig}`, 'x-payload-signature-timestamp': V3.t },
    V3.body,
    ok(),
    { now: '2024-04-12T15:24:00Z' },
  ),
  row(
    'V3 Solvimon uppercase hex (as in the docs example)',
    solvimon(V3.secret),
    { 'x-payload-signature': `v1=${V3.sig.toUpperCase()}`, 'x-payload-signature-timestamp': V3.t },
    V3.body,
    ok(),
    { now: '2024-04-12T15:24:00Z' },
  ),
  row(
    'V3 Solvimon: second pair after a space',
    solvimon(V3.secret),
    {
      'x-payload-signature': `v1=${'0'.repeat(64)} v1=${V3.sig}`,
      'x-payload-signature-timestamp': V3.t,
    },
    V3.body,
    ok(),
    { now: '2024-04-12T15:24:00Z' },
  ),
  row(
    'V3 Solvimon: 5 min + 1 s old',
    solvimon(V3.secret),
    { 'x-payload-signature': `v1=${V3.sig}`, 'x-payload-signature-timestamp': V3.t },
    V3.body,
    code('TIMESTAMP_TOO_OLD'),
    { now: '2024-04-12T15:27:38Z' },
  ),
  row(
    'ISO-8601 with an offset is signed verbatim and parsed for age',
    solvimon('s3cret'),
    {
      'x-payload-signature': `v1=${hex('s3cret', '2024-04-12T17:22:37+02:00.', BODY)}`,
      'x-payload-signature-timestamp': '2024-04-12T17:22:37+02:00',
    },
    BODY,
    ok(),
    { now: '2024-04-12T15:22:37Z' },
  ),
  row(
    'ISO-8601 with fractional seconds',
    solvimon('s3cret'),
    {
      'x-payload-signature': `v1=${hex('s3cret', '2024-04-12T15:22:37.123456Z.', BODY)}`,
      'x-payload-signature-timestamp': '2024-04-12T15:22:37.123456Z',
    },
    BODY,
    ok(),
    { now: '2024-04-12T15:22:37Z' },
  ),
  row(
    'ISO-8601: the same instant written differently is not the signed text',
    solvimon('s3cret'),
    {
      'x-payload-signature': `v1=${hex('s3cret', '2024-04-12T15:22:37Z.', BODY)}`,
      'x-payload-signature-timestamp': '2024-04-12T15:22:37.000Z',
    },
    BODY,
    code('SIGNATURE_MISMATCH'),
    { now: '2024-04-12T15:22:37Z' },
  ),
  ...[
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-04-12T24:00:00Z',
    '2024-04-12T15:60:00Z',
    '2024-04-12T15:22:60Z',
    '2024-04-12T15:22:37',
    '2024-04-12',
    '1712935357',
    'Fri, 12 Apr 2024 15:22:37 GMT',
  ].map((ts) =>
    row(
      `ISO-8601: rejects ${ts}`,
      solvimon('s3cret'),
      {
        'x-payload-signature': `v1=${hex('s3cret', `${ts}.`, BODY)}`,
        'x-payload-signature-timestamp': ts,
      },
      BODY,
      code('TIMESTAMP_INVALID'),
      { now: '2024-04-12T15:22:37Z' },
    ),
  ),
  row(
    'ISO-8601: accepts the leap day 2024-02-29',
    solvimon('s3cret', { tolerance: 0 }),
    {
      'x-payload-signature': `v1=${hex('s3cret', '2024-02-29T00:00:00Z.', BODY)}`,
      'x-payload-signature-timestamp': '2024-02-29T00:00:00Z',
    },
    BODY,
    ok(),
    { now: '2024-04-12T15:22:37Z' },
  ),
  row(
    'ISO-8601: timestamp header missing',
    solvimon('s3cret'),
    { 'x-payload-signature': `v1=${hex('s3cret', '.', BODY)}` },
    BODY,
    code('TIMESTAMP_MISSING'),
    { now: '2024-04-12T15:22:37Z' },
  ),
]

// ---- hmac-base64.json ---------------------------------------------------------------------------
const g64 = b64('s3cret', BODY)
// 32 bytes → 43 characters + one '='; the 43rd character carries 4 data bits and 2 zero bits.
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const lastChar = g64[42]
const nonCanonical = g64.slice(0, 42) + ALPHA[ALPHA.indexOf(lastChar) | 1] + '='
if (Buffer.from(nonCanonical, 'base64').toString('base64') !== g64)
  throw new Error('non-canonical variant must decode (leniently) to the same bytes')
// A signature whose Base64 contains '+' or '/' so the alphabet rows mean something.
let alphaBody = 'alphabet-0'
for (
  let i = 0;
  !/[+/]/.test(b64('s3cret', alphaBody)) || !/[+/]/.test(b64('s3cret', alphaBody).slice(0, 42));
  i++
)
  alphaBody = `alphabet-${i}`
const alpha64 = b64('s3cret', alphaBody)
const alpha64url = b64url('s3cret', alphaBody)
const b64url_ = (secrets) => plainB64(secrets, { encoding: 'base64url' })
const std = (sig, extra = {}) => ({
  'webhook-id': V7.id,
  'webhook-timestamp': V7.t,
  'webhook-signature': sig,
  ...extra,
})
const V7NOW = Number(V7.t) * 1000
const hmacBase64 = [
  row(
    'V7 Standard Webhooks spec vector (published)',
    standard(V7.secret),
    std(`v1,${V7.sig}`),
    V7.body,
    ok(),
    { now: V7NOW },
  ),
  row(
    'V7 with the secret given without whsec_',
    standard(V7.secret.slice(6)),
    std(`v1,${V7.sig}`),
    V7.body,
    ok(),
    { now: V7NOW },
  ),
  row(
    'V7 tokens: a v1a token and a wrong v1 before the right one',
    standard(V7.secret),
    std(`v1a,${'A'.repeat(86)}== v1,${b64('x', 'y')} v1,${V7.sig}`),
    V7.body,
    ok(),
    { now: V7NOW },
  ),
  row(
    'V7 tokens: extra spaces between tokens',
    standard(V7.secret),
    std(`  v1,${b64('x', 'y')}   v1,${V7.sig} `),
    V7.body,
    ok(),
    { now: V7NOW },
  ),
  row(
    'V7 tokens: only a v2 token',
    standard(V7.secret),
    std(`v2,${V7.sig}`),
    V7.body,
    code('SIGNATURE_MALFORMED'),
    { now: V7NOW },
  ),
  row(
    'V7 tokens: a token without a comma',
    standard(V7.secret),
    std(`v1,${V7.sig} v1`),
    V7.body,
    code('SIGNATURE_MALFORMED'),
    { now: V7NOW },
  ),
  row(
    'V7 tokens: an empty signature',
    standard(V7.secret),
    std('v1,'),
    V7.body,
    code('SIGNATURE_MALFORMED'),
    { now: V7NOW },
  ),
  row(
    'V7 with the id changed',
    standard(V7.secret),
    std(`v1,${V7.sig}`, { 'webhook-id': 'msg_other' }),
    V7.body,
    code('SIGNATURE_MISMATCH'),
    { now: V7NOW },
  ),
  row(
    'V7 with the id header missing',
    standard(V7.secret),
    { 'webhook-timestamp': V7.t, 'webhook-signature': `v1,${V7.sig}` },
    V7.body,
    code('SIGNATURE_MISSING'),
    { now: V7NOW },
  ),
  row(
    'V7 5 min + 1 s old',
    standard(V7.secret),
    std(`v1,${V7.sig}`),
    V7.body,
    code('TIMESTAMP_TOO_OLD'),
    { now: V7NOW + 301_000 },
  ),
  row(
    'V7 5 min + 1 s in the future',
    standard(V7.secret),
    std(`v1,${V7.sig}`),
    V7.body,
    code('TIMESTAMP_TOO_NEW'),
    { now: V7NOW - 301_000 },
  ),
  row(
    'V1 Monime HS256 (derived): t_body, Base64',
    stripeLike(V1.secret, { content: '{timestamp}_{body}', encoding: 'base64' }),
    { 'x-signature': `t=${V1.t},v1=${V1.sig}` },
    V1.body,
    ok(),
    { now: Number(V1.t) * 1000 },
  ),
  row(
    'V1 Monime with a dot separator instead of the underscore',
    stripeLike(V1.secret, { content: '{timestamp}.{body}', encoding: 'base64' }),
    { 'x-signature': `t=${V1.t},v1=${V1.sig}` },
    V1.body,
    code('SIGNATURE_MISMATCH'),
    { now: Number(V1.t) * 1000 },
  ),
  row(
    'V4 Equals Money (derived): bare Base64 of the raw body',
    plainB64(V4.secret),
    { 'x-signature': V4.sig },
    V4.body,
    ok(),
  ),
  row(
    'V5 Lune (derived) in Base64',
    stripeLike(V5.secret, { timestamp: { param: 'timestamp' }, encoding: 'base64' }),
    { 'x-signature': `timestamp=${V5.t},organisation=org_1,v1=${V5.b64}` },
    V5.body,
    ok(),
    { now: NOW },
  ),
  row(
    'V5 Lune: hex or Base64 accepted when both encodings are listed (hex)',
    stripeLike(V5.secret, { timestamp: { param: 'timestamp' }, encoding: ['hex', 'base64'] }),
    { 'x-signature': `timestamp=${V5.t},organisation=org_1,v1=${V5.hex}` },
    V5.body,
    ok(),
    { now: NOW },
  ),
  row(
    'V5 Lune: hex or Base64 accepted when both encodings are listed (Base64)',
    stripeLike(V5.secret, { timestamp: { param: 'timestamp' }, encoding: ['hex', 'base64'] }),
    { 'x-signature': `timestamp=${V5.t},organisation=org_1,v1=${V5.b64}` },
    V5.body,
    ok(),
    { now: NOW },
  ),
  row('Base64 signature', plainB64('s3cret'), { 'x-signature': g64 }, BODY, ok()),
  row(
    'Base64: wrong secret',
    plainB64('s3cret'),
    { 'x-signature': b64('other', BODY) },
    BODY,
    code('SIGNATURE_MISMATCH'),
  ),
  row(
    'Base64: body tampered by one byte',
    plainB64('s3cret'),
    { 'x-signature': g64 },
    BODY.replace('p', 'q'),
    code('SIGNATURE_MISMATCH'),
  ),
  row(
    'Base64: padding missing',
    plainB64('s3cret'),
    { 'x-signature': g64.slice(0, -1) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64: one padding character too many',
    plainB64('s3cret'),
    { 'x-signature': g64 + '=' },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64: padding in the middle',
    plainB64('s3cret'),
    { 'x-signature': g64.slice(0, 20) + '=' + g64.slice(21) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64: non-canonical (non-zero trailing bits)',
    plainB64('s3cret'),
    { 'x-signature': nonCanonical },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64: junk character',
    plainB64('s3cret'),
    { 'x-signature': '*' + g64.slice(1) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64: whitespace inside',
    plainB64('s3cret'),
    { 'x-signature': g64.slice(0, 10) + ' ' + g64.slice(10) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64: URL-safe alphabet is rejected under base64',
    plainB64('s3cret'),
    { 'x-signature': alpha64url + '=' },
    alphaBody,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64: a hex digest is rejected under base64',
    plainB64('s3cret'),
    { 'x-signature': hex('s3cret', BODY) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64 with + or / verifies',
    plainB64('s3cret'),
    { 'x-signature': alpha64 },
    alphaBody,
    ok(),
  ),
  row(
    'Base64url without padding',
    b64url_('s3cret'),
    { 'x-signature': alpha64url },
    alphaBody,
    ok(),
  ),
  row(
    'Base64url with padding',
    b64url_('s3cret'),
    { 'x-signature': alpha64url + '=' },
    alphaBody,
    ok(),
  ),
  row(
    'Base64url: standard alphabet (+ or /) is rejected',
    b64url_('s3cret'),
    { 'x-signature': alpha64 },
    alphaBody,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64url: non-canonical trailing bits',
    b64url_('s3cret'),
    { 'x-signature': nonCanonical.slice(0, -1).replace(/\+/g, '-').replace(/\//g, '_') },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'Base64: empty but signed body',
    plainB64('s3cret'),
    { 'x-signature': b64('s3cret', '') },
    '',
    ok(),
  ),
  row(
    'Base64: invalid UTF-8 body verifies over the exact bytes',
    plainB64('s3cret'),
    { 'x-signature': b64('s3cret', INVALID_UTF8) },
    { hex: INVALID_UTF8.toString('hex') },
    ok(),
  ),
]

// ---- malformed.json: header grammar and caps ----------------------------------------------------
const sigT = stripeSig('s3cret', T, BODY)
const junkSigs = (n) => Array.from({ length: n }, (_, i) => `v1=${hex(`junk${i}`, 'x')}`)
const params = (n) => Array.from({ length: n }, (_, i) => `x${i}=1`)
const pad = (len) => {
  const head = `t=${T},v1=${sigT},pad=`
  return head + 'a'.repeat(len - head.length)
}
const malformed = [
  row(
    'duplicate t= is ambiguous',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},t=${T},v1=${sigT}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'duplicate t= with different values',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=${sigT},t=${T + 1}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    '10 signatures (the cap), the last one right',
    stripeLike('s3cret'),
    { 'x-signature': [`t=${T}`, ...junkSigs(9), `v1=${sigT}`].join(',') },
    BODY,
    ok(),
    { now: NOW },
  ),
  row(
    '11 signatures (over the cap), the first one right',
    stripeLike('s3cret'),
    { 'x-signature': [`t=${T}`, `v1=${sigT}`, ...junkSigs(10)].join(',') },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    '11 tokens (over the cap)',
    standard(V7.secret),
    std(
      [`v1,${V7.sig}`, ...Array.from({ length: 10 }, (_, i) => `v1,${b64(`junk${i}`, 'x')}`)].join(
        ' ',
      ),
    ),
    V7.body,
    code('SIGNATURE_MALFORMED'),
    { now: V7NOW },
  ),
  row(
    '32 entries (the cap)',
    stripeLike('s3cret'),
    { 'x-signature': [`t=${T}`, `v1=${sigT}`, ...params(30)].join(',') },
    BODY,
    ok(),
    { now: NOW },
  ),
  row(
    '33 entries (over the cap)',
    stripeLike('s3cret'),
    { 'x-signature': [`t=${T}`, `v1=${sigT}`, ...params(31)].join(',') },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    '33 tokens of another version (over the entry cap)',
    standard(V7.secret),
    std([`v1,${V7.sig}`, ...Array.from({ length: 32 }, () => 'v1a,AAAA')].join(' ')),
    V7.body,
    code('SIGNATURE_MALFORMED'),
    { now: V7NOW },
  ),
  row(
    'header of 8192 characters (the cap)',
    stripeLike('s3cret'),
    { 'x-signature': pad(8192) },
    BODY,
    ok(),
    { now: NOW },
  ),
  row(
    'header of 8193 characters (over the cap)',
    stripeLike('s3cret'),
    { 'x-signature': pad(8193) },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'plain value header over 8192 characters',
    plainHex('s3cret'),
    { 'x-signature': good + ' '.repeat(8192) },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
  row(
    'one undecodable signature among good ones rejects the header',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=zz${sigT.slice(2)},v1=${sigT}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'a pair without =',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=${sigT},junk` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'a pair with an empty key',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},=x,v1=${sigT}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'a key with characters outside [A-Za-z0-9_-]',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v.1=x,v1=${sigT}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'v1 with an empty value',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},v1=` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'no v1 at all',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'empty entries between separators are skipped',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T},,v1=${sigT},` },
    BODY,
    ok(),
    { now: NOW },
  ),
  row(
    'pairs separated by ; when only , is configured',
    stripeLike('s3cret'),
    { 'x-signature': `t=${T};v1=${sigT}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'pairs separated by ; when ; is configured (Paddle)',
    stripeLike('s3cret', { format: { pairs: 'v1', separator: ';' } }),
    { 'x-signature': `t=${T};v1=${sigT}` },
    BODY,
    ok(),
    { now: NOW },
  ),
  row(
    'prefix inside pairs is required on every signature',
    stripeLike('s3cret', { prefix: 'sha256=' }),
    { 'x-signature': `t=${T},v1=sha256=${sigT}` },
    BODY,
    ok(),
    { now: NOW },
  ),
  row(
    'prefix inside pairs: missing',
    stripeLike('s3cret', { prefix: 'sha256=' }),
    { 'x-signature': `t=${T},v1=${sigT}` },
    BODY,
    code('SIGNATURE_MALFORMED'),
    { now: NOW },
  ),
  row(
    'two signature headers joined by a comma (value format)',
    github('s3cret'),
    { 'x-hub-signature-256': [`sha256=${good}`, `sha256=${good}`] },
    BODY,
    code('SIGNATURE_MALFORMED'),
  ),
]

// ---- rotation.json ------------------------------------------------------------------------------
const ROLLED = Date.parse('2026-01-01T00:00:00Z')
const DAY = 86_400_000
const sigOld = hex('old-secret', BODY)
const sigNew = hex('new-secret', BODY)
const rot = (grace) => ({
  current: 'new-secret',
  previous: 'old-secret',
  rolledAt: '2026-01-01T00:00:00Z',
  grace,
})
const rrow = (name, rotationOptions, sig, now, expect) => ({
  name,
  input: {
    check: { header: 'x-signature', encoding: 'hex' },
    rotation: rotationOptions,
    headers: { 'x-signature': sig },
    body: BODY,
    now,
  },
  expect,
})
const windowed = [
  { value: 'new-secret', id: 'k2', notBefore: '2026-01-01T00:00:00Z' },
  { value: 'old-secret', id: 'k1', notAfter: ROLLED + DAY },
]
const rotationRows = [
  rrow(
    "rotation: current secret reports keyId 'current'",
    rot('24h'),
    sigNew,
    ROLLED + 7 * DAY,
    ok('current'),
  ),
  rrow(
    "rotation: previous secret reports keyId 'previous' during the grace",
    rot('24h'),
    sigOld,
    ROLLED + 1,
    ok('previous'),
  ),
  rrow(
    'rotation: previous secret valid exactly at rolledAt + 24h',
    rot('24h'),
    sigOld,
    ROLLED + DAY,
    ok('previous'),
  ),
  rrow(
    'rotation: previous secret rejected 1 ms after rolledAt + 24h',
    rot('24h'),
    sigOld,
    ROLLED + DAY + 1,
    code('SIGNATURE_MISMATCH'),
  ),
  rrow(
    'rotation: previous secret valid before rolledAt',
    rot('24h'),
    sigOld,
    ROLLED - DAY,
    ok('previous'),
  ),
  rrow(
    'rotation: grace in ms (86400000) equals 24h',
    rot(DAY),
    sigOld,
    ROLLED + DAY,
    ok('previous'),
  ),
  rrow(
    'rotation: grace in ms, 1 ms late',
    rot(DAY),
    sigOld,
    ROLLED + DAY + 1,
    code('SIGNATURE_MISMATCH'),
  ),
  rrow(
    "rotation: grace '30m', at the end",
    rot('30m'),
    sigOld,
    ROLLED + 30 * 60_000,
    ok('previous'),
  ),
  rrow(
    "rotation: grace '30m', 1 ms late",
    rot('30m'),
    sigOld,
    ROLLED + 30 * 60_000 + 1,
    code('SIGNATURE_MISMATCH'),
  ),
  rrow("rotation: grace '2d'", rot('2d'), sigOld, ROLLED + 2 * DAY, ok('previous')),
  rrow(
    "rotation: grace '90s', 1 ms late",
    rot('90s'),
    sigOld,
    ROLLED + 90_001,
    code('SIGNATURE_MISMATCH'),
  ),
  rrow(
    'rotation: grace 0 ends the previous secret at rolledAt',
    rot(0),
    sigOld,
    ROLLED + 1,
    code('SIGNATURE_MISMATCH'),
  ),
  rrow(
    'rotation: no previous secret',
    { current: 'new-secret', rolledAt: ROLLED, grace: '24h' },
    sigOld,
    ROLLED,
    code('SIGNATURE_MISMATCH'),
  ),
  rrow(
    'rotation: custom ids are kept',
    {
      current: { value: 'new-secret', id: 'v2' },
      previous: { value: 'old-secret', id: 'v1' },
      rolledAt: ROLLED,
      grace: '24h',
    },
    sigOld,
    ROLLED,
    ok('v1'),
  ),
  {
    name: 'rotation: pairs header with old and new signatures reports current (keys are tried in order)',
    input: {
      check: stripeLike(undefined),
      rotation: rot('24h'),
      headers: {
        'x-signature': `t=${T},v1=${stripeSig('old-secret', T, BODY)},v1=${stripeSig('new-secret', T, BODY)}`,
      },
      body: BODY,
      now: NOW,
    },
    expect: ok('current'),
  },
  ...[
    ['notAfter: valid exactly at notAfter', sigOld, ROLLED + DAY, ok('k1')],
    [
      'notAfter: rejected 1 ms after notAfter',
      sigOld,
      ROLLED + DAY + 1,
      code('SIGNATURE_MISMATCH'),
    ],
    ['notBefore: valid exactly at notBefore', sigNew, ROLLED, ok('k2')],
    ['notBefore: rejected 1 ms before notBefore', sigNew, ROLLED - 1, code('SIGNATURE_MISMATCH')],
    ['notBefore: valid 1 ms after notBefore', sigNew, ROLLED + 1, ok('k2')],
  ].map(([name, sig, now, expect]) => ({
    name,
    input: { check: plainHex(windowed), headers: { 'x-signature': sig }, body: BODY, now },
    expect,
  })),
  {
    name: 'entries without an id report no keyId',
    input: {
      check: plainHex(['a-secret', 'old-secret']),
      headers: { 'x-signature': sigOld },
      body: BODY,
      now: NOW,
    },
    expect: ok(),
  },
  {
    name: 'dates as ms numbers, ISO strings: notAfter as a number',
    input: {
      check: plainHex([{ value: 'old-secret', id: 'n', notAfter: NOW }]),
      headers: { 'x-signature': sigOld },
      body: BODY,
      now: NOW + 1,
    },
    expect: code('SIGNATURE_MISMATCH'),
  },
  {
    name: 'the window is checked against the verifier clock, not the signed timestamp',
    input: {
      check: stripeLike([{ value: 'old-secret', id: 'k1', notAfter: NOW }], { tolerance: 0 }),
      headers: { 'x-signature': `t=${T - 10},v1=${stripeSig('old-secret', T - 10, BODY)}` },
      body: BODY,
      now: NOW + 1,
    },
    expect: code('SIGNATURE_MISMATCH'),
  },
]
// Fix up the one row whose check takes its secrets from `rotation`.
for (const r of rotationRows) if (r.input.check.secrets === undefined) delete r.input.check.secrets

// ---- basic-auth.json ----------------------------------------------------------------------------
const basic = (user, pass, scheme = 'Basic') =>
  `${scheme} ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`
const one = [{ username: 'solvimon', password: 'p4ss!word' }]
const brow = (name, credentials, authorization, expect, now) => ({
  name,
  input: {
    credentials,
    ...(authorization === undefined ? {} : { authorization }),
    ...(now === undefined ? {} : { now }),
  },
  expect,
})
const basicRows = [
  brow('valid credentials', one, basic('solvimon', 'p4ss!word'), ok()),
  brow('scheme in lower case', one, basic('solvimon', 'p4ss!word', 'basic'), ok()),
  brow('scheme in upper case', one, basic('solvimon', 'p4ss!word', 'BASIC'), ok()),
  brow('several spaces after the scheme', one, basic('solvimon', 'p4ss!word', 'Basic  '), ok()),
  brow(
    'non-ASCII UTF-8 username and password',
    [{ username: 'jörg', password: 'pässwörd😀' }],
    basic('jörg', 'pässwörd😀'),
    ok(),
  ),
  brow(
    'non-ASCII credentials sent as Latin-1 do not match',
    [{ username: 'jörg', password: 'pässwört' }],
    `Basic ${Buffer.from('jörg:pässwört', 'latin1').toString('base64')}`,
    code('CREDENTIALS_INVALID'),
  ),
  brow(
    'username containing a colon (Solvimon)',
    [{ username: 'acme:prod', password: 'pw' }],
    basic('acme:prod', 'pw'),
    ok(),
  ),
  brow(
    'several credentials: the second matches and reports its id',
    [
      { username: 'a', password: 'one', id: 'first' },
      { username: 'b', password: 'two', id: 'second' },
    ],
    basic('b', 'two'),
    ok('second'),
  ),
  brow(
    'several credentials: user of one with password of the other',
    [
      { username: 'a', password: 'one' },
      { username: 'b', password: 'two' },
    ],
    basic('a', 'two'),
    code('CREDENTIALS_INVALID'),
  ),
  brow(
    'credential valid exactly at notAfter',
    [{ username: 'u', password: 'p', notAfter: '2026-01-01T00:00:00Z' }],
    basic('u', 'p'),
    ok(),
    '2026-01-01T00:00:00Z',
  ),
  brow(
    'credential rejected 1 ms after notAfter',
    [{ username: 'u', password: 'p', notAfter: '2026-01-01T00:00:00Z' }],
    basic('u', 'p'),
    code('CREDENTIALS_INVALID'),
    '2026-01-01T00:00:00.001Z',
  ),
  brow(
    'credential rejected 1 ms before notBefore',
    [{ username: 'u', password: 'p', notBefore: '2026-01-01T00:00:00Z' }],
    basic('u', 'p'),
    code('CREDENTIALS_INVALID'),
    '2025-12-31T23:59:59.999Z',
  ),
  brow('missing Authorization header', one, undefined, code('CREDENTIALS_MISSING')),
  brow('empty Authorization header', one, '', code('CREDENTIALS_MISSING')),
  brow('wrong password', one, basic('solvimon', 'p4ss!worD'), code('CREDENTIALS_INVALID')),
  brow('wrong username', one, basic('solvimo', 'p4ss!word'), code('CREDENTIALS_INVALID')),
  brow(
    'password with a trailing space',
    one,
    basic('solvimon', 'p4ss!word '),
    code('CREDENTIALS_INVALID'),
  ),
  brow('empty password', one, basic('solvimon', ''), code('CREDENTIALS_INVALID')),
  brow(
    'no colon at all',
    one,
    `Basic ${Buffer.from('solvimonp4ss!word').toString('base64')}`,
    code('CREDENTIALS_INVALID'),
  ),
  brow(
    'Bearer scheme',
    one,
    `Bearer ${Buffer.from('solvimon:p4ss!word').toString('base64')}`,
    code('CREDENTIALS_INVALID'),
  ),
  brow('scheme without credentials', one, 'Basic', code('CREDENTIALS_INVALID')),
  brow(
    'scheme glued to the credentials',
    one,
    basic('solvimon', 'p4ss!word').replace(' ', ''),
    code('CREDENTIALS_INVALID'),
  ),
  brow('bad Base64: junk characters', one, 'Basic !!!!', code('CREDENTIALS_INVALID')),
  brow(
    'bad Base64: padding removed',
    [{ username: 'user', password: 'pas' }],
    basic('user', 'pas').replace(/=+$/, ''),
    code('CREDENTIALS_INVALID'),
  ),
  brow(
    'bad Base64: extra padding',
    [{ username: 'user', password: 'pass' }],
    basic('user', 'pass') + '=',
    code('CREDENTIALS_INVALID'),
  ),
  brow(
    'bad Base64: non-canonical trailing bits',
    [{ username: 'user', password: 'pas' }],
    basic('user', 'pas').replace(/M=$/, 'N='),
    code('CREDENTIALS_INVALID'),
  ),
  brow(
    'bad Base64: URL-safe alphabet',
    [{ username: 'u?>', password: '??>' }],
    basic('u?>', '??>').replace(/\+/g, '-').replace(/\//g, '_'),
    code('CREDENTIALS_INVALID'),
  ),
]
if (!basic('user', 'pas').endsWith('M=')) throw new Error('basic-auth fixture assumption broken')
if (!/[+/]/.test(basic('u?>', '??>').slice(6)))
  throw new Error('basic-auth URL-safe fixture has no + or /')

// ---- api-key.json -------------------------------------------------------------------------------
const arow = (name, check, headers, expect, now) => ({
  name,
  input: { check, headers, ...(now === undefined ? {} : { now }) },
  expect,
})
const xKey = { header: 'x-api-key', keys: 'k3y-123' }
const bearer = { header: 'authorization', keys: 'tok3n', prefix: 'Bearer ' }
const apiRows = [
  arow('right key', xKey, { 'x-api-key': 'k3y-123' }, ok()),
  arow(
    'header name in any case (configured upper, sent lower)',
    { ...xKey, header: 'X-API-KEY' },
    { 'x-api-key': 'k3y-123' },
    ok(),
  ),
  arow('header name in any case (sent mixed)', xKey, { 'X-Api-Key': 'k3y-123' }, ok()),
  arow('surrounding whitespace is ignored', xKey, { 'x-api-key': '  k3y-123 ' }, ok()),
  arow('wrong key', xKey, { 'x-api-key': 'k3y-124' }, code('CREDENTIALS_INVALID')),
  arow('key in the wrong case', xKey, { 'x-api-key': 'K3Y-123' }, code('CREDENTIALS_INVALID')),
  arow('key with a suffix', xKey, { 'x-api-key': 'k3y-1234' }, code('CREDENTIALS_INVALID')),
  arow('key prefix only', xKey, { 'x-api-key': 'k3y-12' }, code('CREDENTIALS_INVALID')),
  arow('missing header', xKey, {}, code('CREDENTIALS_MISSING')),
  arow('empty header', xKey, { 'x-api-key': '' }, code('CREDENTIALS_MISSING')),
  arow('key sent in another header', xKey, { 'x-token': 'k3y-123' }, code('CREDENTIALS_MISSING')),
  arow(
    'Solvimon api_header_field X-API-KEY',
    { header: 'X-API-KEY', keys: 'abc123XYZ' },
    { 'X-API-KEY': 'abc123XYZ' },
    ok(),
  ),
  arow('Bearer prefix', bearer, { authorization: 'Bearer tok3n' }, ok()),
  arow('bearer prefix in lower case', bearer, { authorization: 'bearer tok3n' }, ok()),
  arow('BEARER prefix in upper case', bearer, { authorization: 'BEARER tok3n' }, ok()),
  arow('prefix missing', bearer, { authorization: 'tok3n' }, code('CREDENTIALS_INVALID')),
  arow('another scheme', bearer, { authorization: 'Token tok3n' }, code('CREDENTIALS_INVALID')),
  arow(
    'prefix with a wrong key',
    bearer,
    { authorization: 'Bearer tok3m' },
    code('CREDENTIALS_INVALID'),
  ),
  arow(
    'the key itself is case-sensitive',
    bearer,
    { authorization: 'Bearer TOK3N' },
    code('CREDENTIALS_INVALID'),
  ),
  arow('prefix alone', bearer, { authorization: 'Bearer' }, code('CREDENTIALS_INVALID')),
  arow(
    'several keys: the second matches and reports its id',
    {
      header: 'x-api-key',
      keys: [
        { value: 'new', id: 'k-new' },
        { value: 'old', id: 'k-old' },
      ],
    },
    { 'x-api-key': 'old' },
    ok('k-old'),
  ),
  arow(
    'several keys: none matches',
    { header: 'x-api-key', keys: ['new', 'old'] },
    { 'x-api-key': 'older' },
    code('CREDENTIALS_INVALID'),
  ),
  arow(
    'key valid exactly at notAfter',
    { header: 'x-api-key', keys: [{ value: 'old', notAfter: '2026-01-01T00:00:00Z' }] },
    { 'x-api-key': 'old' },
    ok(),
    '2026-01-01T00:00:00Z',
  ),
  arow(
    'key rejected 1 ms after notAfter',
    { header: 'x-api-key', keys: [{ value: 'old', notAfter: '2026-01-01T00:00:00Z' }] },
    { 'x-api-key': 'old' },
    code('CREDENTIALS_INVALID'),
    '2026-01-01T00:00:00.001Z',
  ),
  arow('non-ASCII key', { header: 'x-api-key', keys: 'clé-😀' }, { 'x-api-key': 'clé-😀' }, ok()),
]

const write = (name, rows) => {
  const names = new Set()
  for (const r of rows) {
    if (names.has(r.name)) throw new Error(`${name}: duplicate row name ${r.name}`)
    names.add(r.name)
  }
  writeFileSync(here(name), JSON.stringify(rows, null, 2) + '\n')
}
write('hmac-hex.json', hmacHex)
write('hmac-base64.json', hmacBase64)
write('malformed.json', malformed)
write('rotation.json', rotationRows)
write('basic-auth.json', basicRows)
write('api-key.json', apiRows)
