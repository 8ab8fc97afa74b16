/**
 * Text that came from outside (a signed `webhook-id`, a receiver's answer, capture fields) made
 * safe to print: terminal escape sequences and control characters would otherwise let that text
 * move the cursor, rewrite earlier lines, retitle the window or hide itself.
 */

/** ESC sequences: CSI (`ESC [ ... final`), OSC/DCS/APC/PM/SOS strings, and two-character escapes. */
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- control characters are what it matches
  /\u001b(?:\[[0-?]*[ -/]*[@-~]?|[\]P^_X][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|[ -~]?)/g
/** The 8-bit CSI (U+009B) with its parameters; other C1 characters go one by one below. */
const C1_CSI = /\u009b[0-?]*[ -/]*[@-~]?/g
/** Line breaks and tabs become one space, so the text stays on the line it was printed on. */
const SPACING = /[\t\n\r\v\f]+/g
/** Remaining C0, DEL and C1, plus the bidirectional overrides that reorder what is shown. */
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** `text` without escape sequences or control characters (C0, DEL, C1, bidi overrides). */
export function printable(text: string): string {
  return text.replace(ESCAPES, '').replace(C1_CSI, '').replace(SPACING, ' ').replace(CONTROLS, '')
}
