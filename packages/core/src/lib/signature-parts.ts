/**
 * A signature check's parts, attached as they are (a few references), and what is built from them
 * on demand: the `diagnose` descriptor and the `signRequest` signer. Built here rather than in
 * `createSignatureCheck`, so a bundle that never diagnoses or signs carries neither (`inspectionOf`
 * and `signerOf` in check.ts are their only callers).
 */
import type { SignInput, Signer } from '../check.js'
import type { IdSource, TimestampSource } from '../checks/signature.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { SignatureEncoding } from './encoding.js'
import type { KeyWindow, SignatureInspection } from './inspection.js'
import type { NonEmpty } from './non-empty.js'
import type { SignatureFormat } from './signature-header.js'
import { renderTemplate, type Template } from './template.js'
import { formatTimestamp, type TimestampFormat } from './timestamp.js'

/**
 * What `createSignatureCheck` attaches under `INSPECT`: its parts, as they are. Never the scheme or
 * its keys (a global symbol reaches this object): closures that answer with key windows only.
 */
export interface SignatureParts {
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
  readonly encodings: NonEmpty<SignatureEncoding>
  /** The configured keys' windows, without the keys. */
  keys(): readonly KeyWindow[]
  readonly decode: SignatureInspection['decode']
  readonly match: SignatureInspection['match']
  /** One signature over `content`, in the header's encoding (the scheme's `sign`). */
  sign(content: readonly Uint8Array[], input: SignInput): Promise<string>
  readonly readTimestamp: SignatureInspection['readTimestamp']
  readonly readId: SignatureInspection['readId']
  readonly values: SignatureInspection['values']
}

/** The `SignatureInspection` of a signature check's parts. */
export function signatureInspection(parts: SignatureParts): SignatureInspection {
  const { timestamp, tsFormat, id } = parts
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
    encodings: parts.encodings,
    keys: parts.keys(),
    decode: parts.decode,
    readTimestamp: parts.readTimestamp,
    readId: parts.readId,
    values: parts.values,
    match: parts.match,
  }
}

/** The `signRequest` signer of a signature check's parts: the headers the sender would send. */
export function signatureSigner(parts: SignatureParts): Signer {
  const { header, format, prefix, template, timestamp, tsFormat, id: idSource } = parts
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
      (await parts.sign(renderTemplate(template, input.body, parts.values(req, ts, id)), input))
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
