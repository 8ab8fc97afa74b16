/**
 * What `diagnose` may see inside a check: descriptors attached at construction under a
 * non-enumerable symbol (see `INSPECT` in `check.ts`; signature checks attach their parts, see
 * `signature-parts.ts`), so verification never pays for them. Internal: key material stays inside
 * the `match` closures and is never exposed.
 */
import type { Check } from '../check.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { KeyEntry } from '../secrets.js'
import type { SignatureEncoding } from './encoding.js'
import type { NonEmpty } from './non-empty.js'
import type { SignatureFormat } from './signature-header.js'
import type { TemplateValues } from './template.js'
import type { TimestampFormat } from './timestamp.js'

/** A configured secret, key or credential without its value: what a finding may name. */
export interface KeyWindow {
  readonly id: string | undefined
  /** 1-based position among the keys tried, for keys without an id. */
  readonly position: number
  /** ms since the epoch; `-Infinity` / `Infinity` when unbounded. */
  readonly notBefore: number
  readonly notAfter: number
}

/** `createSignatureCheck`: everything about the header, timestamp, template and keys. */
export interface SignatureInspection {
  readonly kind: 'signature'
  readonly name: string
  /** `'hmac'`, `'ecdsa'` or `'ed25519'`. */
  readonly algorithm: string
  /** Lower-case header name. */
  readonly header: string
  readonly format: SignatureFormat
  readonly prefix: string | undefined
  /** The content template as configured, e.g. `'{timestamp}.{body}'`. */
  readonly content: string
  readonly timestamp:
    | {
        readonly source: 'header' | 'param' | 'request'
        /** Header (lower case) or pair name; `undefined` when read from the request body. */
        readonly name: string | undefined
        readonly format: TimestampFormat
      }
    | undefined
  readonly id: { readonly source: 'header' | 'param'; readonly name: string } | undefined
  /** Seconds; `0` means not checked. */
  readonly tolerance: number
  readonly encodings: NonEmpty<SignatureEncoding>
  /** Static keys with their windows (empty when keys are chosen per request, as `ecdsa` does). */
  readonly keys: readonly KeyWindow[]
  /** The scheme's strict decoder. */
  decode(text: string): Uint8Array | undefined
  readTimestamp(
    request: ParsedWebhookRequest,
    params: ReadonlyMap<string, string>,
  ): string | undefined
  readId(request: ParsedWebhookRequest, params: ReadonlyMap<string, string>): string | undefined
  /** Template values; throws `WebhookConfigError` when the scheme signs a method or URL not given. */
  values(
    request: ParsedWebhookRequest,
    timestamp: string | undefined,
    id: string | undefined,
  ): TemplateValues
  /** The first key, whatever its window, that made one of `signatures` over `content`. */
  match(
    request: ParsedWebhookRequest,
    params: ReadonlyMap<string, string>,
    content: readonly Uint8Array[],
    signatures: readonly Uint8Array[],
  ): Promise<KeyWindow | undefined>
}

/** `basicAuth` and `apiKey`. */
export interface CredentialInspection {
  readonly kind: 'basicAuth' | 'apiKey'
  readonly name: string
  /** Lower-case header name (`'authorization'` for Basic). */
  readonly header: string
  /** Required before the value (`'Bearer '`), matched case-insensitively; `''` for none. */
  readonly prefix: string
  readonly keys: readonly KeyWindow[]
  /** The entry equal to `presented` (Basic: the decoded `user:password`), whatever its window. */
  match(presented: Uint8Array): KeyWindow | undefined
  /** Basic only: the entry whose username `presented` starts with (followed by `:`). */
  user?(presented: Uint8Array): KeyWindow | undefined
}

/** `allOf`, `anyOf` (and presets renamed from them). */
export interface CompositeInspection {
  readonly kind: 'allOf' | 'anyOf'
  readonly name: string
  readonly checks: readonly Check[]
}

/** A check run on a rewritten method and URL (HubSpot, Square). */
export interface TargetInspection {
  readonly kind: 'target'
  readonly name: string
  readonly check: Check
  map(request: ParsedWebhookRequest): ParsedWebhookRequest
}

export type Inspection =
  SignatureInspection | CredentialInspection | CompositeInspection | TargetInspection

/** The window of `entry`, without its key. */
export function keyWindow(entry: KeyEntry<unknown>, index: number): KeyWindow {
  return { id: entry.id, position: index + 1, notBefore: entry.notBefore, notAfter: entry.notAfter }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The credential descriptor over prepared entries (development use: plain comparisons). */
export function credentialInspection(
  kind: 'basicAuth' | 'apiKey',
  name: string,
  header: string,
  prefix: string,
  entries: readonly KeyEntry<Uint8Array>[],
  usernames?: readonly Uint8Array[],
): CredentialInspection {
  const find = (test: (entry: KeyEntry<Uint8Array>, i: number) => boolean) => {
    for (const [i, entry] of entries.entries()) if (test(entry, i)) return keyWindow(entry, i)
    return undefined
  }
  const inspection: CredentialInspection = {
    kind,
    name,
    header,
    prefix,
    keys: entries.map(keyWindow),
    match: (presented) => find((entry) => sameBytes(entry.key, presented)),
  }
  if (usernames === undefined) return inspection
  return {
    ...inspection,
    user: (presented) =>
      find((_, i) => {
        const user = usernames[i]
        return (
          user !== undefined &&
          presented.length > user.length &&
          presented[user.length] === 0x3a &&
          sameBytes(presented.subarray(0, user.length), user)
        )
      }),
  }
}
