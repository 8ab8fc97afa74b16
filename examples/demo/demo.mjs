/**
 * `pnpm demo`: starts Express, Koa and fetch receivers on 127.0.0.1, sends each one, for every
 * preset in SENDERS, a valid delivery and the usual attacks, and prints what each receiver answered.
 * Exits 0 only if every case got the expected outcome.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import { Readable } from 'node:stream'
import express from 'express'
import Koa from 'koa'
import { createVerifier, memoryReplayStore, presets } from '@hookwarden/core'
import { signRequest } from '@hookwarden/core/testing'
import { createExpressMiddleware } from '@hookwarden/express'
import { createFetchHandler } from '@hookwarden/fetch'
import { createKoaMiddleware } from '@hookwarden/koa'

const pem = (key, type) => key.export({ type, format: 'pem' })
const keyPair = (type, options) => {
  const { publicKey, privateKey } = generateKeyPairSync(type, options)
  return { publicKey: pem(publicKey, 'spki'), privateKey: pem(privateKey, 'pkcs8') }
}
const p256 = keyPair('ec', { namedCurve: 'prime256v1' })
const ed25519 = keyPair('ed25519')
const whsec = 'whsec_' + Buffer.from('hookwarden demo signing key, 32b').toString('base64')

/**
 * Preset name → how to configure it. `timestamped`: the scheme signs a timestamp, so an old one
 * must be rejected. `privateKey`: what signRequest signs with. `expect`: per-case exceptions, with
 * the reason. `token`: the header of a scheme that sends a static token instead of a signature.
 * Presets without an entry are listed as skipped: add a line here to include one.
 */
const SENDERS = {
  github: { options: { secret: 'demo github secret' } },
  gitlab: {
    options: { secret: 'demo-gitlab-token' },
    token: 'x-gitlab-token',
    replay: false,
    expect: {
      'tampered body': ['accepted', 'GitLab sends a static token: the body is not signed'],
      'bad signature': [['ERR_WEBHOOK_CREDENTIALS_INVALID'], 'a wrong token'],
      replayed: ['accepted', 'a static token signs nothing a replay could be keyed on'],
    },
  },
  hubspot: { options: { secret: 'demo hubspot secret' }, timestamped: true, signsUrl: true },
  linear: {
    options: { secret: 'demo linear secret' },
    timestamped: true,
    // Linear's timestamp is `webhookTimestamp` inside the signed JSON body.
    body: (at) => Buffer.from(JSON.stringify({ type: 'Issue', webhookTimestamp: at.getTime() })),
  },
  plaid: {
    options: { keys: { value: p256.publicKey, id: 'demo-plaid-key' } },
    privateKey: p256.privateKey,
    timestamped: true,
  },
  square: {
    options: { secret: 'demo square key', notificationUrl: 'https://example.com/hooks/square' },
    url: 'https://example.com/hooks/square',
  },
  stripe: { options: { secret: 'whsec_demo_stripe' }, timestamped: true },
  standardWebhooks: { options: { secret: whsec }, timestamped: true },
  svix: { options: { secret: whsec }, timestamped: true },
  clerk: { options: { secret: whsec }, timestamped: true },
  resend: { options: { secret: whsec }, timestamped: true },
  shopify: { options: { secret: 'demo shopify secret' } },
  slack: { options: { secret: 'demo slack secret' }, timestamped: true },
  solvimon: { options: { secret: 'demo solvimon secret' }, timestamped: true },
  equalsMoney: { options: { secret: 'demo-equals-shared-secret' } },
  monime: { options: { secret: 'demo monime secret that is long enough' }, timestamped: true },
  lune: {
    options: { secret: 'demo lune secret' },
    timestamped: true,
    expect: {
      'wrong encoding': [
        'duplicate',
        'hex and Base64 both verify (encoding undocumented); the re-encoded copy is caught as a replay',
      ],
    },
  },
  twitch: { options: { secret: 'demo twitch secret' }, timestamped: true },
  zoom: { options: { secret: 'demo zoom secret' }, timestamped: true },
  calendly: { options: { secret: 'demo calendly secret' }, timestamped: true },
  paddle: { options: { secret: 'demo paddle secret' }, timestamped: true },
  intercom: { options: { secret: 'demo intercom secret' } },
  vercel: { options: { secret: 'demo vercel secret' } },
  typeform: { options: { secret: 'demo typeform secret' } },
  wooCommerce: { options: { secret: 'demo woo secret' } },
  lemonSqueezy: { options: { secret: 'demo lemon secret' } },
  coinbaseCommerce: { options: { secret: 'demo coinbase secret' } },
  sendgrid: {
    options: { publicKey: p256.publicKey },
    privateKey: p256.privateKey,
    timestamped: true,
  },
  discord: {
    options: { publicKey: ed25519.publicKey },
    privateKey: ed25519.privateKey,
    timestamped: true,
  },
  standardWebhooksAsymmetric: {
    options: { publicKey: ed25519.publicKey },
    privateKey: ed25519.privateKey,
    timestamped: true,
  },
}

const REJECTED_SIGNATURE = ['ERR_WEBHOOK_SIGNATURE_MISMATCH', 'ERR_WEBHOOK_SIGNATURE_MALFORMED']
/** Case → expected outcome: 'accepted', or the codes a rejection may carry. */
const CASES = {
  valid: 'accepted',
  'tampered body': ['ERR_WEBHOOK_SIGNATURE_MISMATCH'],
  'bad signature': REJECTED_SIGNATURE,
  expired: ['ERR_WEBHOOK_TIMESTAMP_TOO_OLD'],
  'wrong encoding': REJECTED_SIGNATURE,
  replayed: 'duplicate',
}
const NOTES = { replayed: 'memoryReplayStore: acknowledged, handler not run again' }

// ---- receivers ------------------------------------------------------------------------------

const checks = {}
const skipped = []
for (const name of Object.keys(presets).sort()) {
  if (SENDERS[name]) checks[name] = presets[name](SENDERS[name].options)
  else skipped.push(name)
}
/** Each route gets its own verifier and replay store, as each deployment would. */
const verifierFor = (name) =>
  createVerifier(
    checks[name],
    SENDERS[name].replay === false ? {} : { replay: memoryReplayStore() },
  )
const ok = async (webhook) => ({ received: webhook.check, bytes: webhook.body.length })

function expressReceiver() {
  const app = express()
  for (const name of Object.keys(checks)) {
    app.post(`/hooks/${name}`, createExpressMiddleware(verifierFor(name)), async (req, res) =>
      res.json(await ok(req.webhook)),
    )
  }
  return createServer(app)
}

function koaReceiver() {
  const app = new Koa()
  const routes = new Map(
    Object.keys(checks).map((name) => [`/hooks/${name}`, createKoaMiddleware(verifierFor(name))]),
  )
  app.use(async (ctx) => {
    const verify = routes.get(ctx.path)
    if (verify) await verify(ctx, async () => void (ctx.body = await ok(ctx.state.webhook)))
  })
  return createServer(app.callback())
}

/** The fetch handler behind a small Node http bridge (what a Node fetch server does). */
function fetchReceiver() {
  const handlers = new Map(
    Object.keys(checks).map((name) => [
      `/hooks/${name}`,
      createFetchHandler(verifierFor(name), async (_request, webhook) =>
        Response.json(await ok(webhook)),
      ),
    ]),
  )
  return createServer(async (req, res) => {
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers))
      headers.set(key, [value].flat().join(', '))
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: Readable.toWeb(req),
      duplex: 'half',
    })
    const handler = handlers.get(new URL(request.url).pathname)
    const response = handler ? await handler(request) : new Response('not found', { status: 404 })
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  })
}

const listen = (server) =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)),
  )

// ---- deliveries -----------------------------------------------------------------------------

const BODY = Buffer.from(
  JSON.stringify({ type: 'invoice.paid', data: { id: 'inv_42', amount: 1999 } }),
)

/** The signature token in a header: the run of encoded characters that changes with the body. */
function signatureToken(a, b) {
  let start = 0
  while (a[start] === b[start]) start++
  const encoded = /[A-Za-z0-9+/=_-]/
  while (start > 0 && encoded.test(a[start - 1]) && a[start - 1] !== '=') start--
  let end = start
  while (end < a.length && encoded.test(a[end])) end++
  // A `v1=`-style pair: the token starts after the last '=' that is not Base64 padding.
  const eq = a.slice(start, end).search(/=[A-Za-z0-9+/_-]/)
  if (eq >= 0) start += eq + 1
  return { start, end }
}

/** One character changed in the middle of the token, staying in its alphabet. */
function flip(token) {
  for (let i = Math.floor(token.length / 2); i < token.length; i++) {
    const c = token[i]
    const [from, to] = /[0-9]/.test(c)
      ? ['0', '1']
      : /[a-z]/.test(c)
        ? ['a', 'b']
        : /[A-Z]/.test(c)
          ? ['A', 'B']
          : []
    if (from) return token.slice(0, i) + (c === from ? to : from) + token.slice(i + 1)
  }
  return token
}

/** Hex re-encoded as Base64, anything else re-encoded as hex. */
function reencode(token) {
  if (/^[0-9a-fA-F]+$/.test(token) && token.length % 2 === 0)
    return Buffer.from(token, 'hex').toString('base64')
  return Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex')
}

/**
 * The deliveries for one sender to one URL; `undefined` where a case does not apply (no
 * timestamp, no signature). Senders that sign the URL (HubSpot) are signed per receiver.
 */
async function deliveries(name, url) {
  const sender = SENDERS[name]
  const bodyAt = sender.body ?? (() => BODY)
  const sign = (body, timestamp) =>
    signRequest(checks[name], {
      body,
      timestamp,
      id: 'msg_demo_1',
      url: sender.url ?? url,
      privateKey: sender.privateKey,
    })
  const now = new Date()
  const body = bodyAt(now)
  const valid = await sign(body, now)
  const other = await sign(Buffer.from('{"other":true,"webhookTimestamp":1}'), now)
  const signatureHeader = Object.keys(valid.headers).find(
    (h) => valid.headers[h] !== other.headers[h],
  )
  const mutate = (change) => {
    if (!signatureHeader) return undefined
    const value = valid.headers[signatureHeader]
    const { start, end } = signatureToken(value, other.headers[signatureHeader])
    const altered = value.slice(0, start) + change(value.slice(start, end)) + value.slice(end)
    return { headers: { ...valid.headers, [signatureHeader]: altered }, body }
  }
  const wrongToken = sender.token && {
    headers: { ...valid.headers, [sender.token]: flip(valid.headers[sender.token]) },
    body,
  }
  const tampered = Buffer.from(body)
  tampered[tampered.length - 3] ^= 0x01
  return {
    valid,
    'tampered body': { headers: valid.headers, body: tampered },
    'bad signature': mutate(flip) ?? wrongToken,
    expired: sender.timestamped
      ? await sign(
          bodyAt(new Date(now.getTime() - 24 * 3600_000)),
          new Date(now.getTime() - 24 * 3600_000),
        )
      : undefined,
    'wrong encoding': mutate(reencode),
    replayed: valid,
  }
}

// ---- run ------------------------------------------------------------------------------------

async function send(base, name, delivery) {
  const response = await fetch(`${base}/hooks/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...delivery.headers },
    body: delivery.body,
  })
  const body = await response.json().catch(() => ({}))
  return {
    status: response.status,
    code: response.ok ? undefined : body.error,
    duplicate: body.duplicate === true,
  }
}

function judge(expected, result) {
  if (expected === 'duplicate') return result.status === 200 && result.duplicate
  if (expected === 'accepted')
    return result.status >= 200 && result.status < 300 && !result.duplicate
  return expected.includes(result.code)
}

const servers = { express: expressReceiver(), koa: koaReceiver(), fetch: fetchReceiver() }
const bases = {}
for (const [receiver, server] of Object.entries(servers)) bases[receiver] = await listen(server)

const rows = []
let failures = 0
try {
  for (const name of Object.keys(checks)) {
    const cases = {}
    try {
      for (const receiver of Object.keys(servers)) {
        cases[receiver] = await deliveries(name, `${bases[receiver]}/hooks/${name}`)
      }
    } catch (error) {
      failures++
      const note = `signRequest failed: ${error.message}`
      rows.push({ sender: name, case: 'sign', expected: 'signed', cells: {}, pass: false, note })
      continue
    }
    for (const label of Object.keys(CASES)) {
      const delivery = cases.express[label]
      const [override, reason] = SENDERS[name].expect?.[label] ?? []
      const expected = override ?? CASES[label]
      if (delivery === undefined) {
        const note = label === 'expired' ? 'no signed timestamp' : 'no signature to alter'
        rows.push({ sender: name, case: label, expected: 'n/a', cells: {}, pass: true, note })
        continue
      }
      const cells = {}
      let pass = true
      for (const receiver of Object.keys(servers)) {
        const result = await send(bases[receiver], name, cases[receiver][label])
        cells[receiver] = result
        if (!judge(expected, result)) pass = false
      }
      if (!pass) failures++
      rows.push({
        sender: name,
        case: label,
        expected,
        cells,
        pass,
        note: reason ?? NOTES[label] ?? '',
      })
    }
  }
} finally {
  for (const server of Object.values(servers)) {
    server.closeAllConnections()
    server.close()
  }
}

// ---- report ---------------------------------------------------------------------------------

const short = (code) => code?.replace(/^ERR_WEBHOOK_/, '') ?? ''
const cell = (r) =>
  !r
    ? '-'
    : r.duplicate
      ? `${r.status} duplicate`
      : r.status < 300
        ? `${r.status} accepted`
        : `${r.status} ${short(r.code)}`
const expectedText = (e) => (typeof e === 'string' ? e : 'rejected')
const table = [
  ['sender', 'case', 'expected', ...Object.keys(servers), 'ok', 'note'],
  ...rows.map((r) => [
    r.sender,
    r.case,
    expectedText(r.expected),
    ...Object.keys(servers).map((k) => cell(r.cells[k])),
    r.pass ? 'yes' : 'NO',
    r.note,
  ]),
]
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)))
const line = (row) =>
  row
    .map((v, i) => v.padEnd(widths[i]))
    .join('  ')
    .trimEnd()
console.log(
  `hookwarden demo: receivers ${Object.entries(bases)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}\n`,
)
console.log(line(table[0]))
console.log(widths.map((w) => '-'.repeat(w)).join('  '))
let previous
for (const row of table.slice(1)) {
  if (previous !== undefined && row[0] !== previous) console.log('')
  previous = row[0]
  console.log(line(row))
}
const sent = rows.filter((r) => r.expected !== 'n/a').length * Object.keys(servers).length
console.log(
  `\n${Object.keys(checks).length} senders, ${sent} deliveries, ${failures === 0 ? 'every case as expected' : `${failures} case(s) NOT as expected`}.`,
)
console.log(`Skipped (no entry in SENDERS): ${skipped.length ? skipped.join(', ') : 'none'}.`)
process.exitCode = failures === 0 ? 0 : 1
