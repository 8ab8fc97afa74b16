/**
 * A signature check's parts, attached as they are (a few references), and what is built from them
 * on demand: the `diagnose` descriptor and the `signRequest` signer. Built here rather than in
 * `createSignatureCheck`, so a bundle that never diagnoses or signs carries neither (`inspectionOf`
 * and `signerOf` in check.ts are their only callers).
 */
import type { SignInput, Signer } from '../check.js'
import type { IdSource, SignatureScheme, TimestampSource } from '../checks/signature.js'
import type { ParsedWebhookRequest } from '../request.js'
import { keyWindow, type SignatureInspection } from './inspection.js'
import type { SignatureFormat } from './signature-header.js'
import { renderTemplate, type Template } from './template.js'
import { formatTimestamp, type TimestampFormat } from './timestamp.js'

/** What `createSignatureCheck` attaches under `INSPECT`: its parts, as they are. */
export interface SignatureParts<K> {
  readonly kind: 'signature-parts'
  readonly name: string
  readonly algorithm: string
  /** Lower-case header name. */
  readonly header: string
  readonly format: SignatureFormat
  readonly prefix: string | undefined
  /** The content template as configured, and compiled. */
  readonly content: string
  readonly template: Template
  readonly timestamp: TimestampSource | undefined
  readonly tsFormat: TimestampFormat
  readonly id: IdSource | undefined
  readonly tolerance: number
  readonly scheme: SignatureScheme<K>
  readonly readTimestamp: SignatureInspection['readTimestamp']
  readonly readId: SignatureInspection['readId']
  readonly values: SignatureInspection['values']
}

/** The `SignatureInspection` of a signature check's parts. */
export function signatureInspection<K>(parts: SignatureParts<K>): SignatureInspection {
  const { timestamp, tsFormat, id, scheme } = parts
  return {
    kind: 'signature',
    name: parts.name,
    algorithm: parts.algorithm,
    header: parts.header,
    format: parts.format,
    prefix: parts.prefix,
    content: parts.content,
    timestamp: !timestamp
      ? undefined
      : 'header' in timestamp
        ? { source: 'header', name: timestamp.header.toLowerCase(), format: tsFormat }
        : 'param' in timestamp
          ? { source: 'param', name: timestamp.param, format: tsFormat }
          : { source: 'request', name: undefined, format: tsFormat },
    id: !id
      ? undefined
      : 'header' in id
        ? { source: 'header', name: id.header.toLowerCase() }
        : { source: 'param', name: id.param },
    tolerance: parts.tolerance,
    encodings: scheme.encodings,
    keys: scheme.keys.map(keyWindow),
    decode: (text) => scheme.decode(text),
    readTimestamp: parts.readTimestamp,
    readId: parts.readId,
    values: parts.values,
    async match(req, params, content, signatures) {
      const keys = scheme.select === undefined ? scheme.keys : await scheme.select(req, params)
      if (typeof keys === 'string') return undefined
      for (let i = 0; i < keys.length; i++) {
        const index = await scheme.match(keys[i]!.key, content, signatures)
        if (index >= 0) return keyWindow(keys[i]!, i)
      }
      return undefined
    },
  }
}

/** The `signRequest` signer of a signature check's parts: the headers the sender would send. */
export function signatureSigner<K>(parts: SignatureParts<K>): Signer {
  const { header, format, prefix, template, timestamp, tsFormat, id: idSource, scheme } = parts
  return async (input: SignInput): Promise<Record<string, string>> => {
    const ts = timestamp ? formatTimestamp(input.timestamp, tsFormat) : undefined
    const id = idSource ? input.id : undefined
    const req: ParsedWebhookRequest = {
      method: input.method,
      url: input.url,
      body: input.body,
      header: () => undefined,
    }
    const signature =
      (prefix ?? '') +
      (await scheme.sign(renderTemplate(template, input.body, parts.values(req, ts, id)), input))
    const headers: Record<string, string> = {}
    const pairs: string[] = []
    if (timestamp && 'param' in timestamp) pairs.push(`${timestamp.param}=${ts}`)
    if (idSource && 'param' in idSource) pairs.push(`${idSource.param}=${id}`)
    headers[header] =
      format === 'value'
        ? signature
        : 'tokens' in format
          ? `${format.tokens},${signature}`
          : [...pairs, `${format.pairs}=${signature}`].join(format.separator?.[0] ?? ',')
    if (ts !== undefined && timestamp && 'header' in timestamp) {
      headers[timestamp.header.toLowerCase()] = ts
    }
    if (id !== undefined && idSource && 'header' in idSource)
      headers[idSource.header.toLowerCase()] = id
    return headers
  }
}
