/**
 * Everything the command prints goes through here: ANSI colour only on a terminal without
 * `NO_COLOR`, and every secret the command has read is scrubbed from the text as a last guard,
 * where it stands as a whole token (a username `webhook` must not turn
 * `ERR_WEBHOOK_CREDENTIALS_INVALID` into `ERR_[redacted]_CREDENTIALS_INVALID`).
 */
import { printable } from './printable.js'

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const
export type Style = keyof typeof CODES

/** Shortest value scrubbed: shorter ones would mangle ordinary words. */
const MIN_SECRET = 4

/** Characters that continue a token: a secret next to one is part of a longer word or code. */
const WORD = /[A-Za-z0-9_-]/
/** The colour sequences `paint` writes: token boundaries, never part of a secret. */
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const PAINT = /(\u001b\[[0-9;]*m)/

/** `text` with every whole-token occurrence of `value` replaced. */
function redact(text: string, value: string): string {
  const wordStart = WORD.test(value[0] ?? '')
  const wordEnd = WORD.test(value[value.length - 1] ?? '')
  let out = ''
  let from = 0
  let at = text.indexOf(value)
  while (at >= 0) {
    const end = at + value.length
    const whole =
      (!wordStart || at === 0 || !WORD.test(text.charAt(at - 1))) &&
      (!wordEnd || end === text.length || !WORD.test(text.charAt(end)))
    if (whole) {
      out += `${text.slice(from, at)}[redacted]`
      from = end
    }
    at = text.indexOf(value, whole ? end : at + 1)
  }
  return out + text.slice(from)
}

/** `text` with each of `values` (longest first) redacted where it stands as a whole token. */
export function scrub(text: string, values: Iterable<string>): string {
  const sorted = [...values].sort((a, b) => b.length - a.length)
  return text
    .split(PAINT)
    .map((part, i) => (i % 2 === 1 ? part : sorted.reduce(redact, part)))
    .join('')
}

export interface Output {
  /** Adds a value (secret, password, private key, signature) that must never be printed. */
  hide(value: string): void
  /** One line to stdout. */
  line(text?: string): void
  /** One line to stderr; `text` is shown without control characters. */
  error(text: string): void
  /** `text` in `styles` when stdout is a terminal, else as is. */
  paint(text: string, ...styles: Style[]): string
}

/** https://no-color.org: a non-empty `NO_COLOR` turns colour off. */
function colourful(stream: NodeJS.WriteStream): boolean {
  const noColor = process.env['NO_COLOR']
  return stream.isTTY === true && (noColor === undefined || noColor === '')
}

export function createOutput(): Output {
  const hidden = new Set<string>()
  const colour = colourful(process.stdout)
  const errorColour = colourful(process.stderr)
  const clean = (text: string) => scrub(text, hidden)
  const paint = (enabled: boolean, text: string, styles: readonly Style[]) =>
    !enabled || styles.length === 0
      ? text
      : `\u001b[${styles.map((s) => CODES[s]).join(';')}m${text}\u001b[0m`
  return {
    hide(value) {
      if (value.length >= MIN_SECRET) hidden.add(value)
      const trimmed = value.trim()
      if (trimmed !== value && trimmed.length >= MIN_SECRET) hidden.add(trimmed)
    },
    line(text = '') {
      process.stdout.write(`${clean(text)}\n`)
    },
    error(text) {
      process.stderr.write(
        `${paint(errorColour, 'hookwarden:', ['red', 'bold'])} ${clean(printable(text))}\n`,
      )
    },
    paint: (text, ...styles) => paint(colour, text, styles),
  }
}
