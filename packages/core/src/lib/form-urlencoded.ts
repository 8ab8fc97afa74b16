/**
 * `application/x-www-form-urlencoded` decoding from the exact received bytes, for senders that
 * sign their form parameters (Twilio, Mandrill) rather than the body. Stricter than the WHATWG
 * parser, which repairs what it cannot read: here a bad %-escape or invalid UTF-8 fails.
 */
import { decodeUtf8 } from './encoding.js'

const AMPERSAND = 0x26
const EQUALS = 0x3d
const PLUS = 0x2b
const PERCENT = 0x25

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  const lower = byte | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/** One name or value: `+` is a space, `%XX` a byte, then fatal UTF-8 (RFC 3629). */
function decodeComponent(bytes: Uint8Array): string | undefined {
  const out = new Uint8Array(bytes.length)
  let length = 0
  let skip = 0
  for (const [i, byte] of bytes.entries()) {
    if (skip > 0) skip--
    else if (byte === PLUS) out[length++] = 0x20
    else if (byte === PERCENT) {
      const high = hexValue(bytes[i + 1])
      const low = hexValue(bytes[i + 2])
      if (high < 0 || low < 0) return undefined
      out[length++] = high * 16 + low
      skip = 2
    } else out[length++] = byte
  }
  return decodeUtf8(out.subarray(0, length))
}

/**
 * The name/value pairs in order, repeated names kept; `undefined` when any part cannot be decoded.
 * Empty sequences (`a=1&&b=2`) are skipped and a name without `=` has the value `''`, as in WHATWG.
 */
export function parseFormUrlencoded(body: Uint8Array): [string, string][] | undefined {
  const pairs: [string, string][] = []
  let start = 0
  while (start <= body.length) {
    let end = body.indexOf(AMPERSAND, start)
    if (end < 0) end = body.length
    if (end > start) {
      const sequence = body.subarray(start, end)
      const equals = sequence.indexOf(EQUALS)
      const name = decodeComponent(equals < 0 ? sequence : sequence.subarray(0, equals))
      const value = equals < 0 ? '' : decodeComponent(sequence.subarray(equals + 1))
      if (name === undefined || value === undefined) return undefined
      pairs.push([name, value])
    }
    start = end + 1
  }
  return pairs
}
