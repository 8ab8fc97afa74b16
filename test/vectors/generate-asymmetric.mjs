#!/usr/bin/env node
/**
 * Writes ecdsa.json and ed25519.json beside this script. Published vectors (PROVIDERS.md §7 V2,
 * V8) are checked with `node:crypto` before they are written; every other signature is made here
 * with `node:crypto` from keys generated on each run (never with hookwarden).
 *
 * Usage: node test/vectors/generate-asymmetric.mjs
 */
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import { writeFileSync } from 'node:fs'

const here = (name) => new URL(`./${name}`, import.meta.url)
const ok = (keyId) => (keyId === undefined ? { ok: true } : { ok: true, keyId })
const code = (c) => ({ code: `ERR_WEBHOOK_${c}` })
const must = (value, what) => {
  if (!value) throw new Error(`${what} does not verify with node:crypto`)
}
const pem = (key) => key.export({ format: 'pem', type: 'spki' })

// ---- ECDSA ------------------------------------------------------------------------------------
const ecdsa = []

// V8: SendGrid's SDK test vector (official).
const V8 = {
  key: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
  ts: '1588788367',
  body: '{"category":"example_payload","event":"test_event","message_id":"message_id"}',
  good: 'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
  bad: 'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=',
}
const v8Key = createPublicKey({ key: Buffer.from(V8.key, 'base64'), format: 'der', type: 'spki' })
must(verify('sha256', Buffer.from(V8.ts + V8.body), v8Key, Buffer.from(V8.good, 'base64')), 'V8')
must(
  !verify('sha256', Buffer.from(V8.ts + V8.body), v8Key, Buffer.from(V8.bad, 'base64')),
  'V8 negative (must fail)',
)
const sendgrid = {
  header: 'x-twilio-email-event-webhook-signature',
  timestamp: { header: 'x-twilio-email-event-webhook-timestamp' },
  content: '{timestamp}{body}',
  encoding: 'base64',
  signatureFormat: 'der',
  keys: V8.key,
}
const v8Row = (name, signature, body, now, expect) =>
  ecdsa.push({
    name,
    input: {
      check: sendgrid,
      headers: {
        'x-twilio-email-event-webhook-signature': signature,
        'x-twilio-email-event-webhook-timestamp': V8.ts,
      },
      body,
      now: now * 1000,
    },
    expect,
  })
v8Row('V8 SendGrid SDK vector (published)', V8.good, V8.body, 1588788367, ok())
v8Row('V8 negative twin (published)', V8.bad, V8.body, 1588788367, code('SIGNATURE_MISMATCH'))
v8Row(
  'V8 with a CRLF after the body',
  V8.good,
  V8.body + '\r\n',
  1588788367,
  code('SIGNATURE_MISMATCH'),
)
v8Row('V8 301 s later', V8.good, V8.body, 1588788367 + 301, code('TIMESTAMP_TOO_OLD'))

// V2: Monime ES256, speculative format (DER, P1363, P1363 Base64url of one message).
const V2 = {
  key: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDJcyLG4NIOhNOps0xp8JLBZhcL+9\nPlT5bEsUukw2otmcI80lWFVxvL8t6O8lmOvvlv30+r5S5tgGj3Zg9nkwCQ==\n-----END PUBLIC KEY-----\n',
  body: '{"apiVersion":"2024-08-01","event":{"id":"wke-test","name":"payment.completed","timestamp":"1700000000"},"object":{"id":"spm-test","type":"payment"},"data":{"status":"completed"}}',
  der: 'MEQCIAShz78rb4xYuPKVxoeJRGB/IfDRgjFEf1icwipF3VxvAiB+A7yILqqjrbcfW6I8Nkb04ieCwezJNu0Fkuue737rGQ==',
  p1363: 'ohKXo1kvgs3HTWVqKUUHK+kAl1iAQ70shKsf3KTsziMATkhoHT0Hyiys66rP7v2pVFO/AYVUHxOMs5IvIlbRWQ==',
  p1363url:
    'ohKXo1kvgs3HTWVqKUUHK-kAl1iAQ70shKsf3KTsziMATkhoHT0Hyiys66rP7v2pVFO_AYVUHxOMs5IvIlbRWQ',
}
const v2Signed = Buffer.from(`1700000000_${V2.body}`)
must(verify('sha256', v2Signed, V2.key, Buffer.from(V2.der, 'base64')), 'V2 DER')
must(
  verify(
    'sha256',
    v2Signed,
    { key: V2.key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(V2.p1363, 'base64'),
  ),
  'V2 P1363',
)
const monime = (signatureFormat) => ({
  header: 'monime-signature',
  format: { pairs: 'v1' },
  timestamp: { param: 't' },
  content: '{timestamp}_{body}',
  encoding: ['base64', 'base64url'],
  signatureFormat,
  keys: V2.key,
})
const v2Row = (name, format, signature, expect) =>
  ecdsa.push({
    name,
    input: {
      check: monime(format),
      headers: { 'monime-signature': `t=1700000000,v1=${signature}` },
      body: V2.body,
      now: 1700000000_000,
    },
    expect,
  })
v2Row('V2 DER Base64, auto', 'auto', V2.der, ok())
v2Row('V2 P1363 Base64, auto', 'auto', V2.p1363, ok())
v2Row('V2 P1363 Base64url, auto', 'auto', V2.p1363url, ok())
v2Row('V2 P1363 where only DER is allowed', 'der', V2.p1363, code('SIGNATURE_MALFORMED'))
v2Row('V2 DER where only P1363 is allowed', 'p1363', V2.der, code('SIGNATURE_MALFORMED'))

// Generated keys: P-256 malformed and high-S forms, P-384 and P-521.
const n256 = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const body = '{"id":"evt_vector","type":"test"}'
const plain = (keys, encoding = 'base64') => ({ header: 'x-signature', encoding, keys })
const plainRow = (name, check, signature, expect) =>
  ecdsa.push({ name, input: { check, headers: { 'x-signature': signature }, body }, expect })
const der256 = sign('sha256', Buffer.from(body), p256.privateKey)
const p1363 = sign('sha256', Buffer.from(body), { key: p256.privateKey, dsaEncoding: 'ieee-p1363' })
const s = BigInt(`0x${p1363.subarray(32).toString('hex')}`)
const highS = Buffer.concat([
  p1363.subarray(0, 32),
  Buffer.from((n256 - s).toString(16).padStart(64, '0'), 'hex'),
])
must(
  verify('sha256', Buffer.from(body), { key: p256.publicKey, dsaEncoding: 'ieee-p1363' }, highS),
  'high-S',
)
const p256Check = plain([{ value: pem(p256.publicKey), id: 'p256' }])
plainRow('P-256 DER, key id reported', p256Check, der256.toString('base64'), ok('p256'))
plainRow('P-256 high-S P1363 (valid ECDSA)', p256Check, highS.toString('base64'), ok('p256'))
plainRow(
  'P-256 truncated DER',
  p256Check,
  der256.subarray(0, der256.length - 1).toString('base64'),
  code('SIGNATURE_MALFORMED'),
)
plainRow(
  'P-256 DER with a trailing byte',
  p256Check,
  Buffer.concat([der256, Buffer.from([0])]).toString('base64'),
  code('SIGNATURE_MALFORMED'),
)
plainRow(
  'P-256 65-byte signature',
  p256Check,
  Buffer.alloc(65, 1).toString('base64'),
  code('SIGNATURE_MALFORMED'),
)

const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
const der384 = sign('sha384', Buffer.from(body), p384.privateKey)
plainRow('P-384 PEM key, DER hex', plain(pem(p384.publicKey), 'hex'), der384.toString('hex'), ok())
plainRow(
  'P-384 signature over another body',
  plain(pem(p384.publicKey), 'hex'),
  sign('sha384', Buffer.from(body + ' '), p384.privateKey).toString('hex'),
  code('SIGNATURE_MISMATCH'),
)

const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' })
const jwk521 = { ...p521.publicKey.export({ format: 'jwk' }), kid: 'p521' }
const p1363521 = sign('sha512', Buffer.from(body), {
  key: p521.privateKey,
  dsaEncoding: 'ieee-p1363',
})
plainRow(
  'P-521 JWK, P1363 Base64url',
  plain({ keys: [jwk521] }, 'base64url'),
  p1363521.toString('base64url'),
  ok('p521'),
)
plainRow(
  'P-521 SHA-256 signature (wrong hash for the curve)',
  plain({ keys: [jwk521] }, 'base64url'),
  sign('sha256', Buffer.from(body), { key: p521.privateKey, dsaEncoding: 'ieee-p1363' }).toString(
    'base64url',
  ),
  code('SIGNATURE_MISMATCH'),
)

writeFileSync(here('ecdsa.json'), JSON.stringify(ecdsa, null, 2) + '\n')

// ---- Ed25519 ----------------------------------------------------------------------------------
const ed = generateKeyPairSync('ed25519')
const raw = Buffer.from(ed.publicKey.export({ format: 'jwk' }).x, 'base64url')
const ed25519 = []
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const ts = '1614265330'
const swBody = '{"test": 2432232314}'
const v1a = sign(null, Buffer.from(`${id}.${ts}.${swBody}`), ed.privateKey).toString('base64')
const standard = {
  header: 'webhook-signature',
  format: { tokens: 'v1a' },
  id: { header: 'webhook-id' },
  timestamp: { header: 'webhook-timestamp' },
  content: '{id}.{timestamp}.{body}',
  encoding: 'base64',
  keys: `whpk_${raw.toString('base64')}`,
}
const swRow = (name, signature, expect, bodyText = swBody) =>
  ed25519.push({
    name,
    input: {
      check: standard,
      headers: { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': signature },
      body: bodyText,
      now: Number(ts) * 1000,
    },
    expect,
  })
swRow('Standard Webhooks v1a', `v1a,${v1a}`, ok())
swRow(
  'Standard Webhooks v1a after a v1 entry',
  `v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1a,${v1a}`,
  ok(),
)
swRow('Standard Webhooks v1a, changed body', `v1a,${v1a}`, code('SIGNATURE_MISMATCH'), swBody + ' ')
swRow(
  'Standard Webhooks v1 only',
  'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  code('SIGNATURE_MALFORMED'),
)

const discordSig = sign(null, Buffer.from(`1700000000${body}`), ed.privateKey).toString('hex')
const discord = {
  header: 'x-signature-ed25519',
  timestamp: { header: 'x-signature-timestamp' },
  content: '{timestamp}{body}',
  encoding: 'hex',
  keys: raw.toString('hex'),
}
const discordRow = (name, signature, tsText, expect) =>
  ed25519.push({
    name,
    input: {
      check: discord,
      headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': tsText },
      body,
      now: 1700000000_000,
    },
    expect,
  })
discordRow('Discord hex signature', discordSig, '1700000000', ok())
discordRow('Discord hex signature, uppercase', discordSig.toUpperCase(), '1700000000', ok())
discordRow('Discord, changed timestamp', discordSig, '1700000001', code('SIGNATURE_MISMATCH'))
discordRow(
  'Discord, 63-byte signature',
  discordSig.slice(2),
  '1700000000',
  code('SIGNATURE_MALFORMED'),
)

writeFileSync(here('ed25519.json'), JSON.stringify(ed25519, null, 2) + '\n')
console.log(`wrote ${ecdsa.length} ECDSA and ${ed25519.length} Ed25519 vectors`)
