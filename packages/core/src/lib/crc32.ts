/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial), for PayPal's signed string. Not a MAC: PayPal
 * signs the checksum of the body, so integrity rests on the RSA signature over it.
 */

/** Built in a pure-annotated call, not by a top-level loop, so bundles without PayPal drop it. */
const TABLE = /* @__PURE__ */ crcTable()

function crcTable(): Uint32Array {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
}

/** The unsigned CRC-32 of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = (TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
