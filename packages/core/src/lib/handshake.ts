/**
 * What the endpoint handshakes of the presets share: reading the challenge out of a query string,
 * a header or a small JSON body, and answering it without reflecting anything unsafe.
 * Internal: never re-exported.
 */
import type { HandshakeResponse, HandshakeResult } from '../check.js'
import {
  WebhookConfigError,
  WebhookVerificationError,
  type VerificationErrorCode,
} from '../errors.js'
import type { ParsedWebhookRequest } from '../request.js'
import { toKeyEntries, type KeyEntry, type Secrets } from '../secrets.js'
import { decodeUtf8, utf8 } from './encoding.js'

/** Longest challenge echoed; every sender's is far shorter (Graph's, the longest, is ~120). */
export const MAX_CHALLENGE = 512

/** Only bodies up to this size are parsed for a handshake: every sender's handshake is tiny. */
export const MAX_HANDSHAKE_BODY = 16 * 1024

// Printable ASCII only: no control characters, no bytes a browser could sniff as markup encoding.
const PRINTABLE = /^[\x20-\x7e]+$/

/** `value` if it is a challenge we may echo (1 to `MAX_CHALLENGE` printable ASCII characters). */
export function safeChallenge(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_CHALLENGE && PRINTABLE.test(value)
    ? value
    : undefined
}

// nosniff: an echoed token is only ever text, whatever it looks like.
const NOSNIFF = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' }

/** 200 with `body` as `text/plain` (Twitch, Meta, Dropbox, Microsoft Graph). */
export function textResponse(body: string): HandshakeResult {
  return {
    ok: true,
    response: {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...NOSNIFF },
      body,
    },
  }
}

/** 200 with `value` serialised as JSON (Slack, Zoom, Discord, Okta): escaping is JSON.stringify's. */
export function jsonResponse(value: unknown): HandshakeResult {
  return {
    ok: true,
    response: {
      status: 200,
      headers: { 'content-type': 'application/json', ...NOSNIFF },
      body: JSON.stringify(value),
    },
  }
}

/** A bodiless answer (Discord webhook events PING: 204; Asana: 200 with a header). */
export function emptyResponse(
  status: number,
  headers: Readonly<Record<string, string>> = {},
): HandshakeResult {
  const response: HandshakeResponse = { status, headers: { ...headers, ...NOSNIFF }, body: '' }
  return { ok: true, response }
}

export function handshakeError(code: VerificationErrorCode): HandshakeResult {
  return { ok: false, error: new WebhookVerificationError(code) }
}

/**
 * The body as a JSON object when it is small, valid UTF-8, contains `marker` (when given) and is an
 * object; else `undefined`. Handshake detection runs before every verification, so large bodies
 * are never parsed here, and a marker keeps most ordinary deliveries from being parsed at all.
 */
export function smallJsonObject(
  request: ParsedWebhookRequest,
  marker?: string,
): Record<string, unknown> | undefined {
  if (request.body.length > MAX_HANDSHAKE_BODY) return undefined
  const text = decodeUtf8(request.body)
  if (text === undefined || (marker !== undefined && !text.includes(marker))) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** The request's query parameters (the URL may be absolute or a path), or none. */
export function queryOf(request: ParsedWebhookRequest): URLSearchParams {
  const url = request.url
  const at = url === undefined ? -1 : url.indexOf('?')
  if (url === undefined || at < 0) return new URLSearchParams()
  const end = url.indexOf('#', at)
  return new URLSearchParams(url.slice(at + 1, end < 0 ? undefined : end))
}

/** True when the request method is `method` (case-insensitive); an unknown method never is. */
export function isMethod(request: ParsedWebhookRequest, method: string): boolean {
  return request.method?.toUpperCase() === method
}

/** Configured tokens (Meta's verify token, Graph's `clientState`) as bytes for `createCredentialMatcher`. */
export function tokenEntries(input: Secrets, what: string): readonly KeyEntry<Uint8Array>[] {
  return toKeyEntries(input, what, (value) => {
    const bytes =
      typeof value === 'string' ? utf8(value) : ArrayBuffer.isView(value) ? value : undefined
    if (bytes === undefined || bytes.length === 0) {
      throw new WebhookConfigError(`${what}: each value must be a non-empty string`)
    }
    return bytes
  })
}
