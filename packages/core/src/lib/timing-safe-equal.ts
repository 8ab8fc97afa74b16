/**
 * The one comparison for secret-derived bytes: time depends only on the length, which for MACs
 * and digests is public. Works on subarray views (indexes, never `.buffer`).
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  // Equal lengths and `i < a.length` bound both reads, so neither `?? 0` ever runs.
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}
