/**
 * Signed-content templates such as `{timestamp}.{body}`, compiled once into byte parts so a
 * request only fills in its own values. The body is always included as raw bytes.
 */
import { WebhookConfigError } from '../errors.js'
import { utf8 } from './encoding.js'

export type Placeholder = 'body' | 'timestamp' | 'id' | 'method' | 'url'
const PLACEHOLDERS: readonly string[] = ['body', 'timestamp', 'id', 'method', 'url']

export type TemplatePart = Uint8Array | Placeholder

export interface Template {
  readonly parts: readonly TemplatePart[]
  readonly uses: ReadonlySet<Placeholder>
}

export function compileTemplate(template: string, what: string): Template {
  const parts: TemplatePart[] = []
  const uses = new Set<Placeholder>()
  const re = /\{([a-z]+)\}/g
  let last = 0
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const [, name = ''] = m
    if (!PLACEHOLDERS.includes(name)) {
      throw new WebhookConfigError(`${what}: unknown placeholder {${name}} in content template`)
    }
    if (m.index > last) parts.push(utf8(template.slice(last, m.index)))
    parts.push(name as Placeholder)
    uses.add(name as Placeholder)
    last = re.lastIndex
  }
  if (last < template.length) parts.push(utf8(template.slice(last)))
  if (parts.filter((p) => p === 'body').length !== 1) {
    throw new WebhookConfigError(`${what}: content template must contain {body} exactly once`)
  }
  return { parts, uses }
}

export type TemplateValues = Readonly<Record<Exclude<Placeholder, 'body'>, string | undefined>>

/** The signed content as a list of byte parts (Node hashes them without concatenating). */
export function renderTemplate(
  template: Template,
  body: Uint8Array,
  values: TemplateValues,
): Uint8Array[] {
  return template.parts.map((part) =>
    typeof part !== 'string' ? part : part === 'body' ? body : utf8(values[part] ?? ''),
  )
}
