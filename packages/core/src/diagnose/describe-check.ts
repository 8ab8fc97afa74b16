/**
 * `describeCheck`: a plain, serialisable account of what a check expects (headers, layout,
 * template, timestamp, tolerance, encodings, key windows), without any key material.
 */
import { inspectionOf, type Check } from '../check.js'
import type { KeyWindow } from '../lib/inspection.js'
import type { SignatureFormat } from '../lib/signature-header.js'
import type { TimestampFormat } from '../lib/timestamp.js'
import { layoutOf } from './layout.js'

/** A configured secret, key or credential: its id and window (ISO-8601), never its value. */
export interface KeyDescription {
  readonly id: string | undefined
  readonly notBefore: string | undefined
  readonly notAfter: string | undefined
}

/** A signature check (`hmac`, `ecdsa`, `ed25519` and the presets built on them). */
export interface SignatureDescription {
  readonly kind: 'signature'
  readonly name: string
  /** `'hmac'`, `'ecdsa'` or `'ed25519'`. */
  readonly algorithm: string
  /** Lower-case header name. */
  readonly header: string
  /** The header's value as a pattern, e.g. `t=<timestamp>,v1=<hex>`. */
  readonly layout: string
  readonly format: SignatureFormat
  readonly prefix: string | undefined
  /** Signed content template, e.g. `{timestamp}.{body}`. */
  readonly content: string
  readonly timestamp:
    | {
        readonly source: 'header' | 'param' | 'request'
        readonly name: string | undefined
        readonly format: TimestampFormat
      }
    | undefined
  readonly id: { readonly source: 'header' | 'param'; readonly name: string } | undefined
  /** Seconds either side of now; `0`: not checked (or no timestamp). */
  readonly tolerance: number
  readonly encodings: readonly string[]
  /** Static keys; empty when keys are chosen per request (a JWKS). */
  readonly keys: readonly KeyDescription[]
}

/** `basicAuth` (header `authorization`) or `apiKey`. */
export interface CredentialDescription {
  readonly kind: 'basicAuth' | 'apiKey'
  readonly name: string
  readonly header: string
  readonly prefix: string | undefined
  readonly keys: readonly KeyDescription[]
}

/** What a check expects, as plain data. `opaque`: a check that does not describe itself (`jws`, your own). */
export type CheckDescription =
  | SignatureDescription
  | CredentialDescription
  | {
      readonly kind: 'allOf' | 'anyOf'
      readonly name: string
      readonly checks: readonly CheckDescription[]
    }
  | { readonly kind: 'opaque'; readonly name: string }

function keys(windows: readonly KeyWindow[]): KeyDescription[] {
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : undefined)
  return windows.map((w) => ({ id: w.id, notBefore: iso(w.notBefore), notAfter: iso(w.notAfter) }))
}

/**
 * Describes what `check` expects, for tooling and documentation (the `hookwarden presets` command
 * is built on it). Holds no secret or key: only header names, layouts, templates, windows and ids.
 *
 * @example
 * describeCheck(presets.stripe({ secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? '' })) // { kind: 'signature', header: 'stripe-signature', layout: 't=<timestamp>,v1=<hex>', ... }
 */
export function describeCheck(check: Check): CheckDescription {
  const inspection = inspectionOf(check)
  if (inspection === undefined) return { kind: 'opaque', name: check.name }
  switch (inspection.kind) {
    case 'target':
      return { ...describeCheck(inspection.check), name: check.name }
    case 'allOf':
    case 'anyOf':
      return {
        kind: inspection.kind,
        name: check.name,
        checks: inspection.checks.map(describeCheck),
      }
    case 'basicAuth':
    case 'apiKey':
      return {
        kind: inspection.kind,
        name: check.name,
        header: inspection.header,
        prefix: inspection.prefix === '' ? undefined : inspection.prefix,
        keys: keys(inspection.keys),
      }
    case 'signature':
      return {
        kind: 'signature',
        name: check.name,
        algorithm: inspection.algorithm,
        header: inspection.header,
        layout: layoutOf(inspection),
        format: inspection.format,
        prefix: inspection.prefix,
        content: inspection.content,
        timestamp: inspection.timestamp,
        id: inspection.id,
        tolerance: inspection.timestamp === undefined ? 0 : inspection.tolerance,
        encodings: inspection.encodings,
        keys: keys(inspection.keys),
      }
  }
}
