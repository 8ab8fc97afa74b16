/**
 * Compact JWS (RFC 7515 §7.1) in a header, shared by the `jws` check and the Netlify preset: one
 * strict reader, the claim checks both make, and the writer their signers use. Each caller keeps
 * its own algorithm pin and key handling, so an HMAC-only import never pulls in public-key code.
 */
import { sha256 } from '#crypto'
import type { VerificationErrorCode } from '../errors.js'
import {
  decodeBase64Url,
  decodeHex,
  decodeUtf8,
  encodeBase64Url,
  encodeHex,
  trimOws,
  utf8,
} from './encoding.js'
import { MAX_HEADER_LENGTH } from './signature-header.js'
import { timingSafeEqual } from './timing-safe-equal.js'
import type { ParsedWebhookRequest } from '../request.js'

type Json = Record<string, unknown>

/** A compact JWS whose segments decoded; nothing in it is trusted until its signature is. */
export interface CompactJws {
  protectedHeader: Json
  claims: Json
  signature: Uint8Array
  /** The ASCII `header.payload` the signature covers. */
  signingInput: Uint8Array[]
}

// Base64url without padding (RFC 7515 §2): padding or any other character is malformed.
const SEGMENT = /^[A-Za-z0-9_-]+$/

function jsonSegment(text: string): Json | undefined {
  const bytes = SEGMENT.test(text) ? decodeBase64Url(text) : undefined
  const json = bytes === undefined ? undefined : decodeUtf8(bytes)
  if (json === undefined) return undefined
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Json)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Reads the compact JWS in `header`, or the code to fail with: `_MISSING` (absent or empty),
 * `_MALFORMED` (not three base64url segments of a JSON header, JSON claims and a signature; `crit`).
 */
export function readCompactJws(
  req: ParsedWebhookRequest,
  header: string,
): CompactJws | 'ERR_WEBHOOK_SIGNATURE_MISSING' | 'ERR_WEBHOOK_SIGNATURE_MALFORMED' {
  const raw = req.header(header)
  const token = raw === undefined ? undefined : trimOws(raw)
  if (token === undefined || token === '') return 'ERR_WEBHOOK_SIGNATURE_MISSING'
  const parts = token.length > MAX_HEADER_LENGTH ? [] : token.split('.')
  if (parts.length !== 3) return 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
  const [head, body, sig] = parts as [string, string, string]
  const protectedHeader = jsonSegment(head)
  const claims = jsonSegment(body)
  const signature = SEGMENT.test(sig) ? decodeBase64Url(sig) : undefined
  if (!protectedHeader || !claims || !signature) return 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
  // No extension is understood, so a critical one (or an unencoded payload) cannot be honoured.
  if ('crit' in protectedHeader || 'b64' in protectedHeader)
    return 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
  return { protectedHeader, claims, signature, signingInput: [utf8(`${head}.${body}`)] }
}

/** `_TOO_OLD` once a present `exp` (seconds) has passed, or when `exp` is not a number. */
export function expiryFailure(claims: Json, now: number): VerificationErrorCode | undefined {
  const exp = claims['exp']
  return exp !== undefined && (typeof exp !== 'number' || now > exp * 1000)
    ? 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD'
    : undefined
}

/** Whether `claims[claim]` is the hex SHA-256 of the raw body, compared in constant time. */
export async function bodyHashMatches(
  claims: Json,
  claim: string,
  body: Uint8Array,
): Promise<boolean> {
  const value = claims[claim]
  const expected = typeof value === 'string' ? decodeHex(value) : undefined
  if (expected === undefined || expected.length !== 32) return false
  return timingSafeEqual(await sha256(body), expected)
}

/** The hex SHA-256 of the body, as `bodyHashMatches` reads it. */
export async function bodyHash(body: Uint8Array): Promise<string> {
  return encodeHex(await sha256(body))
}

/** A compact JWS of `claims`, signed over its `header.payload` by `sign` (the callers' signers). */
export async function signCompactJws(
  protectedHeader: Json,
  claims: Json,
  sign: (signingInput: Uint8Array[]) => Uint8Array | Promise<Uint8Array>,
): Promise<string> {
  const segment = (value: Json) => encodeBase64Url(utf8(JSON.stringify(value)))
  const signingInput = `${segment(protectedHeader)}.${segment(claims)}`
  return `${signingInput}.${encodeBase64Url(await sign([utf8(signingInput)]))}`
}
