/**
 * Everything the command prints goes through here: ANSI colour only on a terminal without
 * `NO_COLOR`, and every secret the command has read is scrubbed from the text as a last guard.
 */

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const
export type Style = keyof typeof CODES

/** Shortest value scrubbed: shorter ones would mangle ordinary words. */
const MIN_SECRET = 4

export interface Output {
  /** Adds a value (secret, password, private key) that must never be printed. */
  hide(value: string): void
  /** One line to stdout. */
  line(text?: string): void
  /** One line to stderr. */
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
  const scrub = (text: string) => {
    let out = text
    for (const value of hidden) out = out.split(value).join('[redacted]')
    return out
  }
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
      process.stdout.write(`${scrub(text)}\n`)
    },
    error(text) {
      process.stderr.write(
        `${scrub(paint(errorColour, 'hookwarden:', ['red', 'bold']))} ${scrub(text)}\n`,
      )
    },
    paint: (text, ...styles) => paint(colour, text, styles),
  }
}
