/**
 * Strict, bounded parsing of signature headers. Attacker-controlled: every limit here caps the
 * work one request can cause, and anything ambiguous is rejected rather than guessed.
 */
import { trimOws } from './encoding.js'

/**
 * How the signature header is laid out:
 * - `'value'`: the whole value is one signature, after an optional `prefix` (GitHub `sha256=<hex>`);
 * - `{ pairs: 'v1' }`: `key=value` pairs, signatures under `v1`, other keys kept as parameters
 *   (Stripe `t=..,v1=..,v1=..`, Lune, Monime); `separator` lists the characters that split pairs
 *   (default `','`; Paddle `';'`);
 * - `{ tokens: 'v1' }`: space-separated `version,signature` tokens (Standard Webhooks `v1,<b64>`).
 */
export type SignatureFormat =
  'value' | { readonly pairs: string; readonly separator?: string } | { readonly tokens: string }

export interface SignatureHeader {
  readonly signatures: readonly string[]
  /** Non-signature pairs, such as `t`. */
  readonly params: ReadonlyMap<string, string>
}

/** Longest header value read; longer ones are rejected before any splitting. */
export const MAX_HEADER_LENGTH = 8192
/** Most entries (pairs or tokens) in one header. */
export const MAX_ENTRIES = 32
/** Most signatures tried from one header (x at most 10 keys: 100 comparisons at worst). */
export const MAX_SIGNATURES = 10

const NO_PARAMS: ReadonlyMap<string, string> = new Map()
const KEY = /^[A-Za-z0-9_-]+$/

/** `undefined` when the header is malformed or holds no signature of the wanted version. */
export function parseSignatureHeader(
  value: string,
  format: SignatureFormat,
  prefix: string | undefined,
): SignatureHeader | undefined {
  if (value.length > MAX_HEADER_LENGTH) return undefined
  const text = trimOws(value)
  if (format === 'value') {
    const signature = stripPrefix(text, prefix)
    return signature ? { signatures: [signature], params: NO_PARAMS } : undefined
  }
  const signatures: string[] = []
  const params = new Map<string, string>()
  const tokens = 'tokens' in format
  const entries = tokens ? text.split(' ') : splitOn(text, format.separator ?? ',')
  let count = 0
  for (const raw of entries) {
    const entry = trimOws(raw)
    if (entry === '') continue
    if (++count > MAX_ENTRIES) return undefined
    const at = entry.indexOf(tokens ? ',' : '=')
    if (at <= 0) return undefined
    const key = entry.slice(0, at)
    const rest = entry.slice(at + 1)
    if (!KEY.test(key)) return undefined
    // timing: public (pair and token names, not secret-derived)
    if (key === (tokens ? format.tokens : format.pairs)) {
      const signature = stripPrefix(rest, prefix)
      if (!signature || signatures.push(signature) > MAX_SIGNATURES) return undefined
    } else if (!tokens) {
      // A repeated parameter (two `t=`) is ambiguous: which one did the sender sign?
      if (params.has(key)) return undefined
      params.set(key, rest)
    }
  }
  return signatures.length > 0 ? { signatures, params } : undefined
}

function stripPrefix(text: string, prefix: string | undefined): string | undefined {
  if (prefix === undefined) return text
  return text.startsWith(prefix) ? text.slice(prefix.length) : undefined
}

function splitOn(text: string, separators: string): string[] {
  if (separators.length === 1) return text.split(separators)
  const out: string[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (separators.includes(text.charAt(i))) {
      out.push(text.slice(start, i))
      start = i + 1
    }
  }
  out.push(text.slice(start))
  return out
}
