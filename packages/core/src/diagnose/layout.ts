/**
 * A signature header's layout as a short pattern, e.g. `t=<timestamp>,v1=<hex>`, for messages,
 * `describeCheck` and the CLI.
 */
import type { SignatureFormat } from '../lib/signature-header.js'

/** The parts of a signature descriptor the layout depends on. */
export interface LayoutSource {
  readonly format: SignatureFormat
  readonly prefix: string | undefined
  readonly encodings: readonly string[]
  readonly timestamp?: { readonly source: string; readonly name: string | undefined } | undefined
  readonly id?: { readonly source: string; readonly name: string } | undefined
}

export function layoutOf(source: LayoutSource): string {
  const signature = `${source.prefix ?? ''}<${source.encodings.join('|')}>`
  const { format } = source
  if (format === 'value') return signature
  if ('tokens' in format) return `${format.tokens},${signature}`
  const separator = format.separator?.[0] ?? ','
  const pairs: string[] = []
  if (source.timestamp?.source === 'param') pairs.push(`${source.timestamp.name}=<timestamp>`)
  if (source.id?.source === 'param') pairs.push(`${source.id.name}=<id>`)
  pairs.push(`${format.pairs}=${signature}`)
  return pairs.join(separator)
}
