/**
 * What every signature check shares, whatever the algorithm: header grammar, signed timestamp and
 * delivery id, tolerance, the content template, key windows and the caps. `hmac` and the
 * asymmetric checks plug in only how a signature is decoded, matched and made.
 */
import {
  withInspection,
  type Check,
  type CheckContext,
  type CheckResult,
  type SignInput,
} from '../check.js'
import {
  WebhookConfigError,
  WebhookVerificationError,
  type VerificationErrorCode,
} from '../errors.js'
import { contentDigest } from '../lib/content-digest.js'
import { trimOws, type SignatureEncoding } from '../lib/encoding.js'
import { keyWindow } from '../lib/inspection.js'
import { isNonEmpty, type NonEmpty } from '../lib/non-empty.js'
import type { SignatureParts } from '../lib/signature-parts.js'
import type { OptionNames } from '../lib/options.js'
import { parseSignatureHeader, type SignatureFormat } from '../lib/signature-header.js'
import { compileTemplate, renderTemplate, type TemplateValues } from '../lib/template.js'
import {
  checkTolerance,
  parseTimestamp,
  TIMESTAMP_FORMATS,
  validTolerance,
  type TimestampFormat,
} from '../lib/timestamp.js'
import type { ParsedWebhookRequest } from '../request.js'
import { isActive, keyStatus, type KeyEntry, type KeyStatus } from '../secrets.js'

/** Where the signed timestamp comes from: its own header, a pair in the signature header, or the request. */
export type TimestampSource = (
  | { readonly header: string }
  | { readonly param: string }
  | { readonly from: (request: ParsedWebhookRequest) => string | undefined }
) & {
  /** Default `'unix'` (seconds). The text is signed verbatim; the format only serves the age check. */
  readonly format?: TimestampFormat
}

/** Where the signed delivery id comes from (Standard Webhooks `webhook-id`). */
export type IdSource = { readonly header: string } | { readonly param: string }

/** The options `hmac`, `ecdsa` and `ed25519` share. */
export interface SignatureOptions {
  /** Header holding the signature(s), any case. */
  header: string
  /** Required before each signature, e.g. `'sha256='`; a missing or doubled prefix is malformed. */
  prefix?: string
  /** Header layout; default `'value'`. */
  format?: SignatureFormat
  /** Signed content; default `'{body}'`. Placeholders: `{body}`, `{timestamp}`, `{id}`, `{method}`, `{url}`. */
  content?: string
  timestamp?: TimestampSource
  id?: IdSource
  /** Seconds either side of now; default 300 when a timestamp is configured; `0` disables the check. */
  tolerance?: number
  /** Reported as `webhook.check`. */
  name?: string
}

/** The algorithm-specific half of a signature check. */
export interface SignatureScheme<K> {
  readonly keys: readonly KeyEntry<K>[]
  /**
   * Every configured key, against which a matched key is current or previous, when `select` picks
   * among them. Default: `keys`, or the keys `select` returned (a remote set).
   */
  readonly configured?: readonly KeyEntry<K>[]
  /**
   * The keys to try for this request, when they depend on it (a `kid` naming a key, a remote key
   * set); called only once the header, timestamp and signatures passed. An error code fails the
   * request with it (`ERR_WEBHOOK_KEY_UNAVAILABLE`). Default: `keys`.
   */
  select?(
    request: ParsedWebhookRequest,
    params: ReadonlyMap<string, string>,
  ):
    | readonly KeyEntry<K>[]
    | VerificationErrorCode
    | Promise<readonly KeyEntry<K>[] | VerificationErrorCode>
  /** How signatures are written, tried in this order (for `diagnose`); the first for signing. */
  readonly encodings: NonEmpty<SignatureEncoding>
  /** Strict decoding of one signature; `undefined` if it cannot be this scheme's signature. */
  decode(text: string): Uint8Array | undefined
  /** Index of the first signature `key` made over `content`, or -1. */
  match(
    key: K,
    content: readonly Uint8Array[],
    signatures: readonly Uint8Array[],
  ): number | Promise<number>
  /** For `signRequest`: one signature over `content`, in the header's encoding. */
  sign(content: readonly Uint8Array[], input: SignInput): Promise<string>
}

export const DEFAULT_TOLERANCE = 300

/** The option names every signature check takes, for the unknown-option check. */
const SIGNATURE_OPTION_NAMES: OptionNames<SignatureOptions> = {
  header: true,
  prefix: true,
  format: true,
  content: true,
  timestamp: true,
  id: true,
  tolerance: true,
  name: true,
}

/**
 * A check's option names: the shared signature options plus `more`. Call it pure-annotated: a
 * module-level object spread is kept by bundlers even when nothing uses it.
 */
export function signatureOptionNames<T extends SignatureOptions>(
  more: Omit<OptionNames<T>, keyof SignatureOptions>,
): OptionNames<T> {
  return { ...SIGNATURE_OPTION_NAMES, ...more } as OptionNames<T>
}

function succeeded(
  entry: KeyEntry<unknown>,
  keyStatus: KeyStatus,
  id: string | undefined,
  timestamp: number | undefined,
  expiresAt: number | undefined,
  replayKey: string | undefined,
): CheckResult {
  const { id: keyId, position: keyPosition } = entry
  return { ok: true, keyId, keyPosition, keyStatus, id, timestamp, replayKey, expiresAt }
}

function hasWindow(entry: KeyEntry<unknown>): boolean {
  return entry.notBefore !== -Infinity || entry.notAfter !== Infinity
}

function fail(code: VerificationErrorCode): CheckResult {
  return { ok: false, error: new WebhookVerificationError(code) }
}

/** Decodes with the first encoding that gives exactly `length` bytes (strict: no guessing). */
export function decodeAny(
  text: string,
  encodings: readonly SignatureEncoding[],
  decodeOne: (text: string, encoding: SignatureEncoding) => Uint8Array | undefined,
  length: (bytes: Uint8Array) => boolean,
): Uint8Array | undefined {
  for (const encoding of encodings) {
    const bytes = decodeOne(text, encoding)
    if (bytes !== undefined && length(bytes)) return bytes
  }
  return undefined
}

export function encodingList(
  value: SignatureEncoding | readonly SignatureEncoding[] | undefined,
  what: string,
): NonEmpty<SignatureEncoding> {
  const list = value === undefined ? [] : typeof value === 'string' ? [value] : value
  if (!isNonEmpty(list))
    throw new WebhookConfigError(`${what}: encoding is required ('hex', 'base64' or 'base64url')`)
  for (const e of list) {
    if (e !== 'hex' && e !== 'base64' && e !== 'base64url') {
      throw new WebhookConfigError(
        `${what}: unknown encoding; expected 'hex', 'base64' or 'base64url'`,
      )
    }
  }
  return list
}

/** Builds the `Check` from the shared options and an algorithm's scheme. */
export function createSignatureCheck<K>(
  kind: string,
  options: SignatureOptions,
  scheme: SignatureScheme<K>,
): Check {
  const what = options.name ?? kind
  if (typeof options.header !== 'string' || options.header.trim() === '') {
    throw new WebhookConfigError(`${what}: header is required`)
  }
  const header = options.header.toLowerCase()
  const format = options.format ?? 'value'
  const prefix = options.prefix === '' ? undefined : options.prefix
  const template = compileTemplate(options.content ?? '{body}', what)
  const bodyOnly = template.parts.length === 1
  const timestamp = options.timestamp
  const tsFormat = timestamp?.format ?? 'unix'
  if (!TIMESTAMP_FORMATS.includes(tsFormat)) {
    throw new WebhookConfigError(
      `${what}: timestamp format must be 'unix', 'unix-ms', 'iso8601' or 'iso8601-utc'`,
    )
  }
  const idSource = options.id
  if (format === 'value' || 'tokens' in format) {
    if ((timestamp && 'param' in timestamp) || (idSource && 'param' in idSource)) {
      throw new WebhookConfigError(`${what}: a 'param' source needs format { pairs: ... }`)
    }
  }
  if (template.uses.has('timestamp') && !timestamp) {
    throw new WebhookConfigError(`${what}: content uses {timestamp} but no timestamp source is set`)
  }
  if (template.uses.has('id') && !idSource) {
    throw new WebhookConfigError(`${what}: content uses {id} but no id source is set`)
  }
  const tolerance =
    options.tolerance === undefined ? DEFAULT_TOLERANCE : validTolerance(options.tolerance, what)

  const readTimestamp = (req: ParsedWebhookRequest, params: ReadonlyMap<string, string>) =>
    !timestamp
      ? undefined
      : 'header' in timestamp
        ? req.header(timestamp.header)
        : 'param' in timestamp
          ? params.get(timestamp.param)
          : timestamp.from(req)
  const readId = (req: ParsedWebhookRequest, params: ReadonlyMap<string, string>) =>
    !idSource
      ? undefined
      : 'header' in idSource
        ? req.header(idSource.header)
        : params.get(idSource.param)

  const values = (
    req: ParsedWebhookRequest,
    ts: string | undefined,
    id: string | undefined,
  ): TemplateValues => {
    if ((template.uses.has('method') && !req.method) || (template.uses.has('url') && !req.url)) {
      throw new WebhookConfigError(
        `${what}: this scheme signs the request method and URL: pass method and the full url in the WebhookRequest`,
      )
    }
    return { timestamp: ts, id, method: req.method, url: req.url }
  }

  const success = (
    entry: KeyEntry<K>,
    keys: readonly KeyEntry<K>[],
    content: readonly Uint8Array[],
    id: string | undefined,
    signedAt: number | undefined,
    context: CheckContext,
  ): CheckResult | Promise<CheckResult> => {
    const window = context.tolerance ?? tolerance
    const expiresAt = signedAt === undefined || window === 0 ? undefined : signedAt + window * 1000
    const configured = scheme.configured ?? keys
    // One key (the common case) is current without reading the clock.
    const status = configured.length === 1 ? 'current' : keyStatus(configured, entry, context.now)
    if (id !== undefined)
      return succeeded(entry, status, id, signedAt, expiresAt, `${what}:id:${id}`)
    // Derived only when a replay store will use it. The signed content, never the signature: which
    // of several signatures matched, or how it was encoded, must not make a delivery new again.
    if (!context.replay) return succeeded(entry, status, id, signedAt, expiresAt, undefined)
    const key = contentDigest(content)
    return typeof key === 'string'
      ? succeeded(entry, status, id, signedAt, expiresAt, `${what}:sig:${key}`)
      : key.then((k) => succeeded(entry, status, id, signedAt, expiresAt, `${what}:sig:${k}`))
  }

  /** Tries each active key from `start`; synchronous as long as the crypto answers synchronously. */
  const tryKeys = (
    keys: readonly KeyEntry<K>[],
    start: number,
    content: readonly Uint8Array[],
    signatures: readonly Uint8Array[],
    id: string | undefined,
    signedAt: number | undefined,
    context: CheckContext,
  ): CheckResult | Promise<CheckResult> => {
    for (let i = start; i < keys.length; i++) {
      const entry = keys[i]
      if (entry === undefined) break // `i < keys.length` bounds it; were it missing: a mismatch
      // A key without a validity window needs no clock (most keys): `now` is read only for one.
      if (hasWindow(entry) && !isActive(entry, context.now)) continue
      const matched = scheme.match(entry.key, content, signatures)
      if (typeof matched !== 'number') {
        return matched.then((index) =>
          index >= 0
            ? success(entry, keys, content, id, signedAt, context)
            : tryKeys(keys, i + 1, content, signatures, id, signedAt, context),
        )
      }
      if (matched >= 0) return success(entry, keys, content, id, signedAt, context)
    }
    return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  }

  const check: Check = {
    name: what,
    tolerance: timestamp ? tolerance : undefined,
    // Not async: on Node the whole check runs synchronously, and every await would cost a tick.
    verify(req: ParsedWebhookRequest, context: CheckContext): CheckResult | Promise<CheckResult> {
      const raw = req.header(header)
      if (raw === undefined) return fail('ERR_WEBHOOK_SIGNATURE_MISSING')
      const parsed = parseSignatureHeader(raw, format, prefix)
      if (parsed === undefined) return fail('ERR_WEBHOOK_SIGNATURE_MALFORMED')

      let ts: string | undefined
      let signedAt: number | undefined
      if (timestamp) {
        ts = readTimestamp(req, parsed.params)
        if (ts === undefined) return fail('ERR_WEBHOOK_TIMESTAMP_MISSING')
        signedAt = parseTimestamp(trimOws(ts), tsFormat)
        if (signedAt === undefined) return fail('ERR_WEBHOOK_TIMESTAMP_INVALID')
        const late = checkTolerance(signedAt, context.now, context.tolerance ?? tolerance)
        if (late) return fail(late)
      }
      const id = readId(req, parsed.params)
      if (idSource && (id === undefined || id === '')) return fail('ERR_WEBHOOK_SIGNATURE_MISSING')

      // An entry that does not decode is skipped while another does (stripe-node, svix and
      // standardwebhooks accept `v1=<valid>,v1=potato`); malformed only when none decodes.
      const signatures: Uint8Array[] = []
      for (const text of parsed.signatures) {
        const bytes = scheme.decode(text)
        if (bytes !== undefined) signatures.push(bytes)
      }
      if (signatures.length === 0) return fail('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      // `{body}` alone (most senders): no values to look up, no parts to build.
      const content = bodyOnly
        ? [req.body]
        : renderTemplate(template, req.body, values(req, ts, id))
      if (scheme.select === undefined) {
        return tryKeys(scheme.keys, 0, content, signatures, id, signedAt, context)
      }
      return Promise.resolve(scheme.select(req, parsed.params)).then((keys) =>
        typeof keys === 'string'
          ? fail(keys)
          : tryKeys(keys, 0, content, signatures, id, signedAt, context),
      )
    },
  }

  // For `diagnose` and `signRequest` only, never read while verifying: the parts, and closures
  // over the scheme that never hand out a key. `inspectionOf` and `signerOf` build the descriptor
  // and the signer from them on demand, so bundles that neither diagnose nor sign drop that code.
  const parts: SignatureParts = {
    kind: 'signature-parts',
    name: what,
    algorithm: kind,
    header,
    format,
    prefix,
    content: options.content ?? '{body}',
    template,
    timestamp,
    tsFormat,
    id: idSource,
    tolerance,
    encodings: scheme.encodings,
    keys: () => scheme.keys.map(keyWindow),
    decode: (text) => scheme.decode(text),
    async match(req, params, content, signatures) {
      const keys = scheme.select === undefined ? scheme.keys : await scheme.select(req, params)
      if (typeof keys === 'string') return undefined
      for (const [i, entry] of keys.entries()) {
        if ((await scheme.match(entry.key, content, signatures)) >= 0) return keyWindow(entry, i)
      }
      return undefined
    },
    sign: (content, input) => scheme.sign(content, input),
    readTimestamp,
    readId,
    values,
  }
  return withInspection(check, parts)
}
