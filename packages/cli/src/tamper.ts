/**
 * `send --tamper`: break a signed delivery in one place, keeping it well-formed, so the receiver
 * must reject it for the signature rather than for a parse error.
 */
import { describeCheck, type Check } from '@hookwarden/core'
import type { Delivery } from './delivery.js'
import { leaves } from './delivery.js'
import { UsageError } from './usage-error.js'

export type Tamper = 'body' | 'signature' | 'timestamp'

export function tamperKind(value: string | undefined): Tamper | undefined {
  if (value === undefined || value === 'body' || value === 'signature' || value === 'timestamp')
    return value
  throw new UsageError('--tamper must be body, signature or timestamp')
}

/** Another character of the same class: hex stays hex, Base64 stays Base64. */
function nudge(c: string): string {
  if (c === '9' || c === 'f' || c === 'F' || c === 'z' || c === 'Z')
    return String.fromCharCode(c.charCodeAt(0) - 1)
  return String.fromCharCode(c.charCodeAt(0) + 1)
}

/**
 * Changes one character near the end of a signature header (every layout ends with the
 * signature). The last data character of unpadded Base64 carries zero bits that strict decoders
 * check, so the one before it is changed.
 */
function breakSignature(value: string): string {
  // Base64 has `+` and `/` too (one character in 32): step back to the nearest letter or digit.
  let end = value.replace(/=+$/, '').length - 2
  while (end >= 0 && !/[A-Za-z0-9]/.test(value.charAt(end))) end--
  if (end < 0) throw new UsageError('--tamper signature: cannot find the signature')
  return value.slice(0, end) + nudge(value.charAt(end)) + value.slice(end + 1)
}

/** One second (or one millisecond) earlier: inside any tolerance, so only the signature can fail. */
function earlier(text: string): string {
  if (/^\d+$/.test(text)) return String(Number(text) - 1)
  const ms = Date.parse(text)
  if (!Number.isFinite(ms))
    throw new UsageError('--tamper timestamp: the timestamp is not numeric or ISO-8601')
  const iso = new Date(ms - 1000).toISOString()
  return /\.\d+Z$/i.test(text) ? iso : iso.replace(/\.\d{3}Z$/, 'Z')
}

export function tamper(delivery: Delivery, what: Tamper, check: Check): Delivery {
  if (what === 'body') {
    const body = delivery.body.length === 0 ? new Uint8Array([0x78]) : delivery.body.slice()
    const middle = body.length >> 1
    const byte = body[middle]
    if (delivery.body.length > 0 && byte !== undefined) body[middle] = byte ^ 0x01
    return { ...delivery, body }
  }
  const signature = leaves(describeCheck(check)).find((leaf) => leaf.kind === 'signature')
  const header = signature?.kind === 'signature' ? signature.header : undefined
  const value = header === undefined ? undefined : delivery.headers[header]
  if (signature?.kind !== 'signature' || header === undefined || value === undefined) {
    throw new UsageError(`--tamper ${what}: ${check.name} does not describe its signature header`)
  }
  const headers = { ...delivery.headers }
  if (what === 'signature') {
    headers[header] = breakSignature(value)
    return { ...delivery, headers }
  }
  const source = signature.timestamp
  const name = source?.name
  if (source === undefined || source.source === 'request' || name === undefined) {
    throw new UsageError(
      `--tamper timestamp: ${check.name} signs no timestamp in a header (try --tamper body)`,
    )
  }
  // A missing timestamp header reads as '', which `earlier` refuses as unreadable.
  if (source.source === 'header') headers[name] = earlier(headers[name] ?? '')
  else {
    const pair = new RegExp(`(^|[,; ])${name}=([^,; ]+)`)
    headers[header] = value.replace(
      pair,
      (_, lead: string, stamp: string) => `${lead}${name}=${earlier(stamp)}`,
    )
  }
  return { ...delivery, headers }
}
