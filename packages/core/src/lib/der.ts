/**
 * ECDSA signature encodings: DER (`SEQUENCE { INTEGER r, INTEGER s }`, what OpenSSL, Java and Go
 * emit) and IEEE P1363 (`r || s`, fixed width, what JOSE and Web Crypto use). Pure and strict:
 * attacker-supplied bytes that are not exactly one canonical DER signature give `undefined`.
 */

/** Bytes of one P1363 half per curve: ceil(bits / 8). */
export const CURVE_SIZES = { 'P-256': 32, 'P-384': 48, 'P-521': 66 } as const

/** The P1363 signature lengths we know: 64, 96 and 132 bytes. */
export const P1363_LENGTHS: readonly number[] = [64, 96, 132]

export interface DerSignature {
  /** Big-endian magnitudes without leading zero bytes (views into the input). */
  readonly r: Uint8Array
  readonly s: Uint8Array
}

const SEQUENCE = 0x30
const INTEGER = 0x02

/**
 * Parses a DER ECDSA signature. Rejects: a wrong tag, long-form lengths that are not minimal or
 * not needed, lengths that overrun or leave trailing bytes, negative or zero integers, and
 * integers with a redundant leading `0x00`.
 */
export function parseDerSignature(der: Uint8Array): DerSignature | undefined {
  if (der.length < 8 || der[0] !== SEQUENCE) return undefined
  let offset = 2
  let length = der[1]
  if (length === 0x81) {
    length = der[offset++]
    // Long form only where the short form cannot say it (DER is minimal); 0x82+ is never needed.
    if (length === undefined || length < 0x80) return undefined
  } else if (length === undefined || length > 0x7f) {
    return undefined
  }
  if (offset + length !== der.length) return undefined
  const r = readInteger(der, offset)
  if (r === undefined) return undefined
  const s = readInteger(der, r.end)
  if (s === undefined || s.end !== der.length) return undefined
  return { r: r.value, s: s.value }
}

function readInteger(der: Uint8Array, at: number): { value: Uint8Array; end: number } | undefined {
  if (der[at] !== INTEGER) return undefined
  const length = der[at + 1]
  // ECDSA integers are at most 67 bytes (P-521 with its sign byte): always the short form.
  if (length === undefined || length === 0 || length > 0x7f) return undefined
  const start = at + 2
  const end = start + length
  if (end > der.length) return undefined
  const first = der[start]
  if (first === undefined || first & 0x80) return undefined // negative
  let from = start
  if (first === 0) {
    // A leading zero is allowed only to keep a high bit from reading as a sign bit.
    const second = der[start + 1]
    if (length === 1 || second === undefined || (second & 0x80) === 0) return undefined
    from++
  }
  const value = der.subarray(from, end)
  if (value.length === 1 && value[0] === 0) return undefined // r, s are in [1, n-1]
  return { value, end }
}

/** DER to P1363 with `size`-byte halves, left-padding short values; `undefined` if it does not fit. */
export function derToP1363(der: Uint8Array, size: number): Uint8Array | undefined {
  const parsed = parseDerSignature(der)
  if (parsed === undefined || parsed.r.length > size || parsed.s.length > size) return undefined
  const out = new Uint8Array(2 * size)
  out.set(parsed.r, size - parsed.r.length)
  out.set(parsed.s, 2 * size - parsed.s.length)
  return out
}

/** P1363 (`r || s`, even length) to DER; `undefined` for an odd length, a zero `r` or `s`, or a size over P-521's. */
export function p1363ToDer(signature: Uint8Array): Uint8Array | undefined {
  if (
    signature.length === 0 ||
    signature.length % 2 !== 0 ||
    signature.length > 2 * CURVE_SIZES['P-521']
  ) {
    return undefined
  }
  const half = signature.length / 2
  const r = integer(signature.subarray(0, half))
  const s = integer(signature.subarray(half))
  if (r === undefined || s === undefined) return undefined
  const body = r.length + s.length
  const head = body > 0x7f ? [SEQUENCE, 0x81, body] : [SEQUENCE, body]
  const out = new Uint8Array(head.length + body)
  out.set(head)
  out.set(r, head.length)
  out.set(s, head.length + r.length)
  return out
}

/** One DER INTEGER (tag, length, minimal positive value) from a big-endian magnitude. */
function integer(magnitude: Uint8Array): Uint8Array | undefined {
  let start = 0
  while (start < magnitude.length && magnitude[start] === 0) start++
  const lead = magnitude[start]
  if (lead === undefined) return undefined // empty or all zeros
  const value = magnitude.subarray(start)
  const pad = lead & 0x80 ? 1 : 0
  const out = new Uint8Array(2 + pad + value.length)
  out[0] = INTEGER
  out[1] = pad + value.length
  out.set(value, 2 + pad)
  return out
}
