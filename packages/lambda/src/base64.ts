/**
 * Strict Base64 for `isBase64Encoded` bodies: AWS sends canonical, padded RFC 4648 §4 Base64, so
 * anything else is refused rather than decoded into bytes nobody sent.
 */

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** The decoded bytes, or `undefined` for anything but canonical padded Base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!CANONICAL.test(text)) return undefined
  const bytes = Buffer.from(text, 'base64')
  // Re-encoding catches non-zero pad bits (`QR==` decodes like `QQ==`): one text, one byte string.
  return bytes.toString('base64') === text ? bytes : undefined
}

/** The most bytes `length` Base64 characters can hold: lets a limit be checked before decoding. */
export function decodedSize(length: number): number {
  return Math.floor(length / 4) * 3
}
