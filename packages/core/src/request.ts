/**
 * The neutral request the core verifies, and its normalised form that checks read.
 */
import { WebhookConfigError } from './errors.js'
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
  /** The header's value, repeated headers joined with `, ` (as `Headers` does). */
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

function headerReader(headers: HeadersInput): (name: string) => string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    const h = headers as Headers
    return (name) => h.get(name) ?? undefined
  }
  const record = headers as Record<string, unknown>
  let folded: Map<string, string> | undefined
  for (const key in record) {
    // timing: public (header names)
    if (key !== key.toLowerCase()) {
      folded = new Map()
      break
    }
  }
  if (folded === undefined) return (name) => joinValue(record[name])
  for (const key in record) {
    const value = joinValue(record[key])
    if (value === undefined) continue
    const lower = key.toLowerCase()
    const seen = folded.get(lower)
    folded.set(lower, seen === undefined ? value : `${seen}, ${value}`)
  }
  const map = folded
  return (name) => map.get(name)
}

/**
 * Normalises a `WebhookRequest`. Throws `WebhookConfigError` (`ERR_WEBHOOK_BODY_UNAVAILABLE`) when
 * the body is not raw bytes or a string: a developer mistake, not a bad webhook.
 */
export function parseWebhookRequest(request: WebhookRequest): ParsedWebhookRequest {
  const body = toBytes(request.body)
  const read = headerReader(request.headers ?? {})
  return {
    method: request.method,
    url: request.url,
    body,
    header: (name) => read(name.toLowerCase()),
  }
}
