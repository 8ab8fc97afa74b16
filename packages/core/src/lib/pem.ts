/**
 * PEM armour (RFC 7468) without `Buffer`: one block, matching labels, strict Base64 inside.
 */
import { decodeBase64 } from './encoding.js'

export interface Pem {
  /** E.g. `PUBLIC KEY`, `EC PUBLIC KEY`, `PRIVATE KEY`. */
  readonly label: string
  readonly der: Uint8Array
}

const BLOCK =
  /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\s]*?)\r?\n?-----END ([A-Z0-9 ]+)-----$/

/** True when `text` looks like PEM at all (so callers can give a PEM-specific error). */
export function isPem(text: string): boolean {
  return text.trimStart().startsWith('-----BEGIN ')
}

/** `undefined` unless `text` is exactly one well-formed PEM block (surrounding whitespace allowed). */
export function parsePem(text: string): Pem | undefined {
  const match = BLOCK.exec(text.trim())
  const [, label, body, end] = match ?? []
  if (label === undefined || body === undefined || label !== end) return undefined
  const der = decodeBase64(body.replace(/\s+/g, ''))
  return der === undefined || der.length === 0 ? undefined : { label, der }
}
