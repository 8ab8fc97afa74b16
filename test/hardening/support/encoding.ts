/**
 * Reference encodings for the hardening oracle, written on `Buffer` and plain arithmetic: nothing
 * here comes from hookwarden, so a decoder bug in the library cannot hide in its own oracle.
 */
export type Encoding = 'hex' | 'base64' | 'base64url'

export function encodeAs(bytes: Uint8Array, encoding: Encoding): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding)
}

/** Lenient Buffer decoding: only for reading texts the oracle itself produced (or the sender did). */
export function decodeAs(text: string, encoding: Encoding): Uint8Array {
  return new Uint8Array(Buffer.from(text, encoding))
}

/**
 * Every text that denotes exactly `bytes` in one of `encodings`: hex in lowercase (compare with the
 * lowercased candidate), padded Base64, Base64url with and without padding.
 */
export function encodingsOf(
  bytes: Uint8Array,
  encodings: readonly Encoding[],
): { hex: Set<string>; exact: Set<string> } {
  const hex = new Set<string>()
  const exact = new Set<string>()
  for (const encoding of encodings) {
    const text = encodeAs(bytes, encoding)
    if (encoding === 'hex') hex.add(text.toLowerCase())
    else exact.add(text)
    if (encoding === 'base64url') exact.add(text + '='.repeat((4 - (text.length % 4)) % 4))
  }
  return { hex, exact }
}

// ECDSA group orders (FIPS 186-5 / SEC 2).
export const CURVE_ORDER: Record<'P-256' | 'P-384' | 'P-521', bigint> = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384':
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'P-521': BigInt(
    `0x01ff${'ffffffff'.repeat(7)}fffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409`,
  ),
}
export const HALF: Record<'P-256' | 'P-384' | 'P-521', number> = {
  'P-256': 32,
  'P-384': 48,
  'P-521': 66,
}

const toBig = (bytes: Uint8Array) => BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'))
function toBytes(n: bigint, size: number): Uint8Array {
  return new Uint8Array(Buffer.from(n.toString(16).padStart(size * 2, '0'), 'hex'))
}

/** (r, s) of a P1363 signature. */
export function splitP1363(sig: Uint8Array): [bigint, bigint] {
  const half = sig.length / 2
  return [toBig(sig.subarray(0, half)), toBig(sig.subarray(half))]
}

export function joinP1363(r: bigint, s: bigint, half: number): Uint8Array {
  const out = new Uint8Array(2 * half)
  out.set(toBytes(r, half), 0)
  out.set(toBytes(s, half), half)
  return out
}

function derInteger(n: bigint): number[] {
  let hex = n.toString(16)
  if (hex.length % 2) hex = '0' + hex
  const bytes = [...Buffer.from(hex, 'hex')]
  if (bytes[0]! & 0x80) bytes.unshift(0)
  return [0x02, bytes.length, ...bytes]
}

/** Minimal DER `SEQUENCE { INTEGER r, INTEGER s }`. */
export function toDer(r: bigint, s: bigint): Uint8Array {
  const body = [...derInteger(r), ...derInteger(s)]
  const length = body.length < 0x80 ? [body.length] : [0x81, body.length]
  return new Uint8Array([0x30, ...length, ...body])
}

/** (r, s) of a DER signature this module (or OpenSSL) wrote; not a validator. */
export function fromDer(der: Uint8Array): [bigint, bigint] {
  let at = der[1] === 0x81 ? 3 : 2
  const read = (): bigint => {
    const length = der[at + 1]!
    const value = toBig(der.subarray(at + 2, at + 2 + length))
    at += 2 + length
    return value
  }
  const r = read()
  return [r, read()]
}
