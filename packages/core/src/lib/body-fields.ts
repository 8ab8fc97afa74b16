/**
 * For senders that put signature material in the body (Mailgun, Adyen): the exact received bytes
 * are parsed only to read fields, never re-serialised, and the fields are handed to an ordinary
 * check as if they were headers. Internal: never re-exported.
 */
import type { Check } from '../check.js'
import type { ParsedWebhookRequest } from '../request.js'
import { decodeUtf8 } from './encoding.js'

/** The body as a JSON object, or `undefined` (not UTF-8, not JSON, or not an object). */
export function jsonObject(body: Uint8Array): Record<string, unknown> | undefined {
  const text = decodeUtf8(body)
  if (text === undefined) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * `application/x-www-form-urlencoded` fields, or `undefined` for a body that is not UTF-8.
 * A field given more than once reads as `undefined`: which copy was signed would be a guess.
 */
export function formFields(body: Uint8Array): ((name: string) => string | undefined) | undefined {
  const text = decodeUtf8(body)
  if (text === undefined) return undefined
  const params = new URLSearchParams(text)
  return (name) => {
    const all = params.getAll(name)
    return all.length === 1 ? all[0] : undefined
  }
}

/** The media type of `Content-Type`, lower-case, without parameters. */
export function mediaType(request: ParsedWebhookRequest): string {
  return ((request.header('content-type') ?? '').split(';')[0] ?? '').trim().toLowerCase()
}

/**
 * `check` run on a view of the request whose headers `names` come from `read` (the body) and
 * never from the request's own headers, so a client cannot supply them. Other headers pass through.
 * `signed` gives the bytes the view's `{body}` stands for: the whole body unless the sender signs
 * none of it (Mailgun).
 */
export function withBodyFields(
  check: Check,
  names: readonly string[],
  read: (request: ParsedWebhookRequest) => Readonly<Record<string, string | undefined>>,
  signed: 'body' | 'nothing' = 'body',
): Check {
  const empty = new Uint8Array()
  const map = (request: ParsedWebhookRequest): ParsedWebhookRequest => {
    let fields: Readonly<Record<string, string | undefined>> | undefined
    const header = (name: string) => {
      const key = name.toLowerCase()
      if (!names.includes(key)) return request.header(name)
      fields ??= read(request)
      return Object.hasOwn(fields, key) ? fields[key] : undefined
    }
    const body = signed === 'body' ? request.body : empty
    return { method: request.method, url: request.url, body, header }
  }
  // No `diagnose` descriptor: its header names would be this view's, not the sender's.
  return {
    name: check.name,
    tolerance: check.tolerance,
    verify: (request, context) => check.verify(map(request), context),
  }
}
