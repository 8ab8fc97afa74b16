/**
 * What each sender sends: a genuine delivery, the same one again (a replay), a tampered body, a
 * broken signature (or a wrong credential), an expired one and its handshake, each with the
 * outcome a correct receiver must give.
 */
import { describeCheck } from '@hookwarden/core'
import { signRequest } from '@hookwarden/core/testing'
import { invoice, newToken } from './senders.mjs'

const AMOUNT = 1999
const FORGED_AMOUNT = 9999
const DAY = 24 * 3600_000

/** The checks a preset is made of (`allOf` / `anyOf` opened). */
function leaves(description) {
  return description.kind === 'allOf' || description.kind === 'anyOf'
    ? description.checks.flatMap(leaves)
    : [description]
}

/** One bit of the last byte flipped: still valid hex/Base64 (and DER), so always a mismatch. */
function flipLastByte(token) {
  if (/^[0-9a-fA-F]+$/.test(token) && token.length % 2 === 0) {
    const bytes = Buffer.from(token, 'hex')
    bytes[bytes.length - 1] ^= 0x01
    const hex = bytes.toString('hex')
    return token === token.toUpperCase() ? hex.toUpperCase() : hex
  }
  const url = /[-_]/.test(token)
  const bytes = Buffer.from(token, url ? 'base64url' : 'base64')
  bytes[bytes.length - 1] ^= 0x01
  const text = bytes.toString(url ? 'base64url' : 'base64')
  return token.endsWith('=') ? text : text.replace(/=+$/, '')
}

/** A JWS's signature segment, or the signature in a `v1=…` pair / `v1,…` token / plain value. */
function breakPart(part) {
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(part)) {
    const at = part.lastIndexOf('.') + 1
    return part.slice(0, at) + flipLastByte(part.slice(at)).replace(/\+/g, '-').replace(/\//g, '_')
  }
  const key = /^[A-Za-z0-9_-]+=(?=[^=])/.exec(part)?.[0] ?? ''
  return key + flipLastByte(part.slice(key.length))
}

/**
 * The signature header is the one that changes with the body (same time and id); in it, the
 * signature is the `,`/`;`/space-separated part that changes.
 */
function breakSignature(headers, otherHeaders) {
  const name = Object.keys(headers).find((h) => headers[h] !== otherHeaders[h])
  if (name === undefined) return undefined
  const parts = headers[name].split(/([,; ])/)
  const others = otherHeaders[name].split(/([,; ])/)
  const i = parts.findIndex((part, j) => part !== others[j])
  parts[i] = breakPart(parts[i])
  return { ...headers, [name]: parts.join('') }
}

/** The same credential with its last character changed (a Basic password: its last one). */
function wrongCredential(check, headers) {
  const leaf = leaves(describeCheck(check)).find(
    (l) => l.kind === 'basicAuth' || l.kind === 'apiKey',
  )
  const value = leaf && headers[leaf.header]
  if (value === undefined) throw new Error(`${check.name}: no signature or credential header`)
  const change = (text) => text.slice(0, -1) + (text.endsWith('x') ? 'y' : 'x')
  const basic = /^Basic (.+)$/i.exec(value)
  const changed = basic
    ? `Basic ${Buffer.from(change(Buffer.from(basic[1], 'base64').toString())).toString('base64')}`
    : change(value)
  return { ...headers, [leaf.header]: changed }
}

const rejected = (code, status = 401) => ({ outcome: 'rejected', status, code })
const USUAL = {
  valid: { outcome: 'accepted', status: 200 },
  replayed: { outcome: 'duplicate', status: 200 },
  'tampered body': rejected('ERR_WEBHOOK_SIGNATURE_MISMATCH'),
  'bad signature': rejected('ERR_WEBHOOK_SIGNATURE_MISMATCH'),
  'wrong credential': rejected('ERR_WEBHOOK_CREDENTIALS_INVALID'),
  expired: rejected('ERR_WEBHOOK_TIMESTAMP_TOO_OLD'),
  handshake: { outcome: 'handshake', status: 200 },
}

/**
 * The cases for sender `name`, in the order they are sent: `{ label, request, expected }`, where
 * `request` is `{ method, query, headers, body }` for the route `/hooks/<name>`.
 */
export async function casesFor(name, sender, check) {
  const now = Date.now()
  const id = `msg_demo_${name}`
  const token = newToken()
  const bodyOf = sender.body ?? ((_at, amount) => invoice(amount))
  const extra = { 'content-type': 'application/json', ...sender.headers }
  const sign = async (at, amount) => {
    const body = bodyOf(at, amount)
    const { headers } = await signRequest(check, {
      body,
      timestamp: at,
      id,
      ...(sender.url === undefined ? {} : { url: sender.url }),
      ...(sender.privateKey === undefined ? {} : { privateKey: sender.privateKey }),
    })
    return { headers: { ...extra, ...headers }, body }
  }
  const deliver = sender.sign && (async (at, tamper) => sender.sign({ at, token, tamper }))

  const valid = deliver ? await deliver(now) : await sign(now, AMOUNT)
  const tampered = deliver
    ? await deliver(now, 'body')
    : { headers: valid.headers, body: bodyOf(now, FORGED_AMOUNT) }
  let broken
  let credential
  if (deliver) {
    broken = await deliver(now, 'signature')
    credential = sender.credential === true
  } else {
    const other = await sign(now, FORGED_AMOUNT)
    const headers = breakSignature(valid.headers, other.headers)
    credential = headers === undefined
    broken = { headers: headers ?? wrongCredential(check, valid.headers), body: valid.body }
  }
  const timestamped =
    sender.timestamped ??
    leaves(describeCheck(check)).some((l) => l.kind === 'signature' && l.timestamp !== undefined)

  const cases = [
    ['valid', valid],
    ['replayed', valid],
    ['tampered body', tampered],
    [credential ? 'wrong credential' : 'bad signature', broken],
  ]
  if (timestamped)
    cases.push(['expired', deliver ? await deliver(now - DAY) : await sign(now - DAY, AMOUNT)])
  const h = sender.handshake
  if (h) {
    const body = h.body ?? ''
    const signed = h.signed
      ? (await signRequest(check, { body, privateKey: sender.privateKey })).headers
      : {}
    cases.push([
      'handshake',
      { method: h.method, query: h.query, headers: { ...h.headers, ...signed }, body },
    ])
  }
  return cases.map(([label, { method = 'POST', query = '', headers, body }]) => ({
    label,
    request: { method, query, headers, body: method === 'GET' ? undefined : body },
    expected:
      sender.expect?.[label] ??
      (label === 'handshake' ? { ...USUAL.handshake, echo: h.echo } : USUAL[label]),
  }))
}
