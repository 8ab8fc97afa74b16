/**
 * Captured deliveries as `WebhookRequest`s: an HTTP/1.1 request capture (request line, headers,
 * blank line, exact body bytes), a JSON capture `{ method, url, headers, body }`, or separate
 * header and body files. Bodies are kept as bytes, never decoded.
 */
import { readFileSync } from 'node:fs'
import type { WebhookRequest } from '@hookwarden/core'
import { UsageError } from './usage-error.js'

/** A request to verify, and remarks about the capture itself (printed as notes). */
export interface Capture {
  readonly request: WebhookRequest
  readonly notes: readonly string[]
}

type HeaderRecord = Record<string, string | string[]>

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?$/

export function readFile(path: string, flag: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new UsageError(`${flag}: cannot read ${path} (${code})`)
  }
}

function addHeader(headers: HeaderRecord, name: string, value: string): void {
  const seen = headers[name]
  headers[name] =
    seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
}

/** `Name: value` lines; obsolete line folding and bad names are rejected, not guessed. */
function parseHeaderLines(lines: readonly string[], what: string): HeaderRecord {
  const headers: HeaderRecord = {}
  for (const line of lines) {
    if (line === '') continue
    if (/^[ \t]/.test(line)) throw new UsageError(`${what}: folded header lines are not supported`)
    const colon = line.indexOf(':')
    const name = colon < 0 ? '' : line.slice(0, colon)
    if (!TOKEN.test(name)) throw new UsageError(`${what}: a header line is not "Name: value"`)
    addHeader(headers, name.toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

function first(headers: HeaderRecord, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Decodes a chunked body (RFC 9112 §7.1); trailers are ignored. */
function dechunk(body: Buffer, what: string): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const end = body.indexOf('\r\n', at)
    const line = end < 0 ? '' : body.subarray(at, end).toString('latin1')
    const extension = line.indexOf(';')
    const size =
      end < 0 ? Number.NaN : Number.parseInt(extension < 0 ? line : line.slice(0, extension), 16)
    if (!Number.isInteger(size) || size < 0 || end + 2 + size > body.length) {
      throw new UsageError(`${what}: malformed chunked body`)
    }
    if (size === 0) return Buffer.concat(parts)
    parts.push(body.subarray(end + 2, end + 2 + size))
    at = end + 4 + size
  }
}

function urlOf(target: string, host: string | undefined): string | undefined {
  if (/^https?:\/\//i.test(target)) return target
  // The public URL is usually https: a capture behind TLS termination cannot say. --url overrides.
  return host === undefined ? undefined : `https://${host}${target}`
}

/** An HTTP/1.1 request capture. */
export function parseHttpCapture(bytes: Buffer, what: string): Capture {
  const crlf = bytes.indexOf('\r\n\r\n')
  const lf = bytes.indexOf('\n\n')
  const [end, gap] =
    crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : [bytes.length, 0]
  const lines = bytes.subarray(0, end).toString('latin1').split(/\r?\n/)
  const [, method, target] = REQUEST_LINE.exec(lines[0] ?? '') ?? []
  if (method === undefined || target === undefined) {
    throw new UsageError(
      `${what}: not an HTTP/1.1 request capture; the first line must look like "POST /hooks HTTP/1.1"`,
    )
  }
  const headers = parseHeaderLines(lines.slice(1), what)
  let body = bytes.subarray(end + gap)
  const notes: string[] = []
  if (first(headers, 'transfer-encoding')?.toLowerCase() === 'chunked') body = dechunk(body, what)
  else {
    const length = first(headers, 'content-length')
    if (length !== undefined && /^\d+$/.test(length) && Number(length) !== body.length) {
      notes.push(
        `Content-Length says ${length} bytes but the capture holds ${body.length} after the headers ` +
          '(an editor may have added or removed a final newline); the bytes are verified as they are.',
      )
    }
  }
  return {
    request: { method, url: urlOf(target, first(headers, 'host')), headers, body },
    notes,
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function jsonHeaders(value: unknown, what: string): HeaderRecord {
  if (!isRecord(value)) throw new UsageError(`${what}: headers must be an object of name to value`)
  const headers: HeaderRecord = {}
  for (const [name, v] of Object.entries(value)) {
    if (!TOKEN.test(name)) throw new UsageError(`${what}: invalid header name in headers`)
    if (typeof v === 'string') addHeader(headers, name.toLowerCase(), v)
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
      for (const x of v) addHeader(headers, name.toLowerCase(), x)
    else throw new UsageError(`${what}: each header value must be a string or an array of strings`)
  }
  return headers
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new UsageError(`${what}: not valid JSON`)
  }
}

/** A JSON capture: `{ method?, url?, headers, body }`, body as text or `{ "base64": "..." }`. */
export function parseJsonCapture(text: string, what: string): Capture {
  const capture = parseJson(text, what)
  if (!isRecord(capture))
    throw new UsageError(`${what}: expected an object { method, url, headers, body }`)
  const { method, url, body } = capture
  if (method !== undefined && typeof method !== 'string')
    throw new UsageError(`${what}: method must be a string`)
  if (url !== undefined && typeof url !== 'string')
    throw new UsageError(`${what}: url must be a string`)
  let bytes: Buffer
  if (typeof body === 'string') bytes = Buffer.from(body, 'utf8')
  else if (
    isRecord(body) &&
    typeof body['base64'] === 'string' &&
    /^[A-Za-z0-9+/]*={0,2}$/.test(body['base64'])
  ) {
    bytes = Buffer.from(body['base64'], 'base64')
  } else throw new UsageError(`${what}: body must be a string or { "base64": "..." }`)
  return {
    request: { method, url, headers: jsonHeaders(capture['headers'], what), body: bytes },
    notes: [],
  }
}

/** A headers file ("Name: value" lines, optionally after a request line, or a JSON object) and a body file. */
export function parseHeadersAndBody(headerText: string, body: Buffer, what: string): Capture {
  if (headerText.trimStart().startsWith('{')) {
    return { request: { headers: jsonHeaders(parseJson(headerText, what), what), body }, notes: [] }
  }
  const lines = headerText.split(/\r?\n/)
  const [, method, target] = REQUEST_LINE.exec(lines[0] ?? '') ?? []
  const requestLine = method !== undefined && target !== undefined
  const headers = parseHeaderLines(requestLine ? lines.slice(1) : lines, what)
  const request: WebhookRequest = requestLine
    ? { method, url: urlOf(target, first(headers, 'host')), headers, body }
    : { headers, body }
  return { request, notes: [] }
}
