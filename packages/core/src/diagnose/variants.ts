/**
 * The usual ways the bytes a sender signed differ from the bytes a receiver verifies: JSON parsed
 * and written out again, a trailing newline added or lost, and another timestamp separator.
 */
import { decodeUtf8, utf8 } from '../lib/encoding.js'

/** A candidate for the bytes the sender signed, and the sentence explaining the difference. */
export interface BodyVariant {
  readonly kind: 'json' | 'newline'
  readonly body: Uint8Array
  readonly explanation: string
}

const PARSER =
  'something parsed the JSON and wrote it out again before verification (a body parser such as ' +
  'express.json(), or JSON.stringify(req.body)). Verify the exact raw bytes as received.'

/** Candidate signed bodies derived from the received one, the smallest change first. */
export function bodyVariants(body: Uint8Array): BodyVariant[] {
  const variants: BodyVariant[] = []
  const text = decodeUtf8(body)
  if (text === undefined) return variants
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    value = undefined
  }
  // Only objects and arrays: a parser re-serialising a bare number or string is not the usual case.
  const json = typeof value === 'object' && value !== null
  // The smallest change first: a lone newline explains more precisely than a re-serialisation.
  if (text.endsWith('\n')) {
    variants.push({
      kind: 'newline',
      body: body.subarray(0, body.length - (text.endsWith('\r\n') ? 2 : 1)),
      explanation:
        'The signature matches the body with its trailing newline removed: a newline was added ' +
        'after signing (a capture saved by an editor, a proxy, or a client appending one).',
    })
  } else {
    const added = new Uint8Array(body.length + 1)
    added.set(body)
    added[body.length] = 0x0a
    variants.push({
      kind: 'newline',
      body: added,
      explanation:
        'The signature matches the body with a trailing newline added: the received body lost ' +
        'its final newline (trimmed by a body parser, a framework or a capture tool).',
    })
  }
  if (json) {
    const forms: [string, string][] = [
      [JSON.stringify(value), 'compact JSON'],
      [JSON.stringify(value, null, 2), '2-space pretty JSON'],
      [`${JSON.stringify(value, null, 2)}\n`, '2-space pretty JSON with a final newline'],
    ]
    for (const [form, label] of forms) {
      if (form === text) continue
      variants.push({
        kind: 'json',
        body: utf8(form),
        explanation: `The signature matches the body re-serialised as ${label}, not the bytes as received: ${PARSER}`,
      })
    }
  }
  return variants
}

/** Fewest adjacent key pairs before sorted order says something (2 keys are sorted half the time). */
const MIN_KEY_PAIRS = 3

/**
 * Whether `body` is JSON whose object keys are in sorted order everywhere (at least
 * `MIN_KEY_PAIRS` adjacent pairs in all): what a re-serialiser that sorts keys writes (Go's
 * encoding/json from a map, Python's `json.dumps(sort_keys=True)`, a jsonb column), and what
 * senders rarely send. The original order cannot be recovered, so this is only a hint. (Keys
 * are read in `JSON.parse` order, which puts integer-like keys first: rare in webhook bodies.)
 */
export function hasSortedKeys(body: Uint8Array): boolean {
  const text = decodeUtf8(body)
  if (text === undefined) return false
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return false
  }
  let pairs = 0
  const sorted = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.every(sorted)
    if (typeof node !== 'object' || node === null) return true
    const keys = Object.keys(node)
    let previous: string | undefined
    for (const key of keys) {
      if (previous !== undefined && previous > key) return false
      previous = key
    }
    pairs += Math.max(0, keys.length - 1)
    return Object.values(node).every(sorted)
  }
  return sorted(value) && pairs >= MIN_KEY_PAIRS
}

const SEPARATORS = ['.', '_', ':', '']
const NAMES: Readonly<Record<string, string>> = {
  '.': 'a dot',
  _: 'an underscore',
  ':': 'a colon',
  '': 'nothing',
}

/** A content template the sender may have used instead of the configured one. */
export interface TemplateVariant {
  readonly content: string
  readonly explanation: string
}

/** `{timestamp}.{body}` → the same with `_`, `:` or no separator, and the body alone. */
export function templateVariants(content: string): TemplateVariant[] {
  const [whole, current] = /\{timestamp\}([^{}]*)\{body\}/.exec(content) ?? []
  if (whole === undefined || current === undefined) return []
  const variants: TemplateVariant[] = []
  for (const separator of SEPARATORS) {
    if (separator === current) continue
    const variant = content.replace(whole, `{timestamp}${separator}{body}`)
    variants.push({
      content: variant,
      explanation:
        `The signature matches the content \`${variant}\`, but this check signs \`${content}\`: ` +
        `the sender joins the timestamp and the body with ${NAMES[separator]} (Monime, for one, ` +
        'uses an underscore). Use the preset for this sender, or set content accordingly.',
    })
  }
  const alone = content.replace(whole, '{body}')
  variants.push({
    content: alone,
    explanation:
      `The signature matches \`${alone}\`, without the timestamp, but this check signs ` +
      `\`${content}\`: the sender does not sign the timestamp (another scheme or scheme version).`,
  })
  return variants
}
