/**
 * Where a delivery key lives: its SHA-256 (the stored key, fixed length whatever the sender sent)
 * and the shard its first four bytes choose, so one key always reaches the same object.
 */
export interface Location {
  /** Base64url SHA-256 of the key. */
  readonly key: string
  /** 0 ≤ shard < shards. */
  readonly shard: number
}

export async function locate(key: string, shards: number): Promise<Location> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)),
  )
  const shard = new DataView(digest.buffer).getUint32(0) % shards
  return { key: toBase64Url(digest), shard }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
