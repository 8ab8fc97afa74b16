/**
 * Findings about a key that matched outside its validity window (rotation gone wrong).
 */
import type { KeyWindow } from '../lib/inspection.js'
import { finding, instant, seconds, type Finding } from './finding.js'

/** "secret `previous`" or "secret #2 (no id)": never the value. */
export function keyLabel(key: KeyWindow, noun: string): string {
  return key.id === undefined ? `${noun} #${key.position} (no id)` : `${noun} \`${key.id}\``
}

/** A finding when `key` is not valid at `now`, else `undefined`. */
export function windowFinding(
  key: KeyWindow,
  now: number,
  noun: string,
  subject: string,
): Finding | undefined {
  const label = keyLabel(key, noun)
  if (now > key.notAfter) {
    return finding(
      'DIAG_SECRET_EXPIRED',
      `${subject} matches the ${label}, which expired at ${instant(key.notAfter)} ` +
        `(${seconds(now - key.notAfter)} seconds before the verification time): the sender still uses ` +
        `a retired ${noun}. Move the sender to the current one, or lengthen the grace period.`,
    )
  }
  if (now < key.notBefore) {
    return finding(
      'DIAG_SECRET_NOT_YET_VALID',
      `${subject} matches the ${label}, which is valid only from ${instant(key.notBefore)} ` +
        `(${seconds(key.notBefore - now)} seconds after the verification time): the sender switched ` +
        "before the receiver's window opens, or the receiver's clock is behind.",
    )
  }
  return undefined
}
