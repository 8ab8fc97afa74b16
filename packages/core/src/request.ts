/**
 * The neutral request the core verifies, and its normalised form that checks read.
 */
import { WebhookConfigError, WebhookVerificationError } from './errors.js'
import { utf8 } from './lib/encoding.js'

export type HeadersInput = Headers | Record<string, string | readonly string[] | undefined>

/** A received webhook, as every framework can describe it. */
export interface WebhookRequest {
  method?: string | undefined
  /** Full URL, for schemes that sign it (Square, HubSpot). */
  url?: string | undefined
  /** `Headers`, or a Node-style record with any name case and array values. */
  headers: HeadersInput
  /** The exact raw bytes as received: never a parsed or re-serialised body. */
  body: Uint8Array | ArrayBuffer | string
}

/** What a check sees: header lookup by any-case name and the body as bytes. */
export interface ParsedWebhookRequest {
  readonly method: string | undefined
  readonly url: string | undefined
  readonly body: Uint8Array
  /**
   * The header's value, repeated headers joined with `, ` (as `Headers` does). Throws
   * `WebhookVerificationError` (`ERR_WEBHOOK_SIGNATURE_MALFORMED`) when the headers cannot be read;
   * the verifier returns that as the result.
   */
  header(name: string): string | undefined
}

function toBytes(body: unknown): Uint8Array {
  if (typeof body === 'string') return utf8(body)
  if (body instanceof Uint8Array) return body // the common case (Buffer too): no new view
  // isView and the tag test work across realms (edge-runtime, vm contexts) where instanceof fails.
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') {
    return new Uint8Array(body as ArrayBuffer)
  }
  throw new WebhookConfigError(
    'raw body unavailable: the request body is not bytes or a string (a body parser probably ran first). ' +
      'Pass the exact raw bytes: mount express.raw() on this route, keep the raw body with ' +
      'express.json({ verify: keepRawBody }), or read it with request.arrayBuffer().',
    'ERR_WEBHOOK_BODY_UNAVAILABLE',
  )
}

function joinValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === 'string')
    return strings.length > 0 ? strings.join(', ') : undefined
  }
  return undefined
}

/** A plain object (or null-prototype record, as Node builds `req.headers`), as opposed to `Headers`. */
function isRecord(headers: object): boolean {
  const proto: unknown = Object.getPrototypeOf(headers)
  return proto === Object.prototype || proto === null
}

function allLowerCase(keys: readonly string[]): boolean {
  for (const key of keys) if (key !== key.toLowerCase()) return false // timing: public (header names)
  return true
}

function headerReader(headers: HeadersInput): (name: string) => string | undefined {
  // A plain record is never taken for `Headers`, even when `Object.prototype.get` is polluted.
  if (!isRecord(headers) && typeof (headers as Headers).get === 'function') {
    const h = headers as Headers
    return (name) => h.get(name) ?? undefined
  }
  const record = headers as Record<string, unknown>
  // Own keys only: an inherited or polluted `Object.prototype['x-signature']` is never a header.
  const keys = Object.keys(record)
  if (allLowerCase(keys)) {
    // Node's `req.headers`: looked up as is, no copy.
    return (name) => joinValue(Object.hasOwn(record, name) ? record[name] : undefined)
  }
  const folded = new Map<string, string>()
  for (const key of keys) {
    const value = joinValue(record[key])
    if (value === undefined) continue
    const lower = key.toLowerCase()
    const seen = folded.get(lower)
    folded.set(lower, seen === undefined ? value : `${seen}, ${value}`)
  }
  return (name) => folded.get(name)
}

/** Requests whose headers threw when read: the verifier turns them into a rejection. */
const unreadable = new WeakSet<ParsedWebhookRequest>()

/**
 * True when reading `request`'s headers threw (a throwing getter or `get`, a hostile proxy). The
 * verifier then rejects the request whatever the check concluded, so a check that swallowed the
 * error cannot pass it on a header it never saw.
 */
export function hasUnreadableHeaders(request: ParsedWebhookRequest): boolean {
  return unreadable.has(request)
}

/**
 * Normalises a `WebhookRequest`. Throws `WebhookConfigError` (`ERR_WEBHOOK_BODY_UNAVAILABLE`) when
 * the body is not raw bytes or a string: a developer mistake, not a bad webhook.
 */
export function parseWebhookRequest(request: WebhookRequest): ParsedWebhookRequest {
  const body = toBytes(request.body)
  let read: (name: string) => string | undefined
  try {
    read = headerReader(request.headers ?? {})
  } catch {
    read = () => {
      throw new TypeError('headers unreadable')
    }
  }
  const parsed: ParsedWebhookRequest = {
    method: request.method,
    url: request.url,
    body,
    header(name) {
      try {
        return read(name.toLowerCase())
      } catch {
        // Fixed error, no cause: the thrown error may quote a header value.
        unreadable.add(parsed)
        throw new WebhookVerificationError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      }
    },
  }
  return parsed
}
