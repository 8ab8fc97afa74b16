/**
 * Small helpers the presets share: option validation, the optional `tolerance` pass-through and
 * static headers required next to a signature. Internal: never re-exported.
 */
import {
  inspectionOf,
  renamed,
  SIGN,
  withInspection,
  withSigner,
  type Check,
  type SignableCheck,
} from '../check.js'
import type { ParsedWebhookRequest } from '../request.js'
import { apiKey } from '../checks/api-key.js'
import { allOf } from '../combinators.js'
import { WebhookConfigError } from '../errors.js'
import { assertKnownOptions } from './options.js'

/**
 * Throws `WebhookConfigError` unless `options` is an object (a preset called without options) whose
 * keys are all in `known` (when given): `stripe({ tolerence })` names `tolerance`.
 */
export function presetOptions<T extends object>(
  options: T | undefined,
  name: string,
  known?: readonly (keyof T & string)[],
): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new WebhookConfigError(`${name}: an options object is required`)
  }
  if (known !== undefined) assertKnownOptions(options, known, name)
  return options
}

/** `{ tolerance }` when set, else nothing (so the check keeps its default under exactOptionalPropertyTypes). */
export function toleranceOption(
  tolerance: number | undefined,
  fallback?: number,
): { tolerance?: number } {
  const value = tolerance ?? fallback
  return value === undefined ? {} : { tolerance: value }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * `signature` plus one constant-time `apiKey` check per static header (whole value, no prefix),
 * all required, reported as `name`. Credentials are checked first: cheap, and a missing one
 * reports `ERR_WEBHOOK_CREDENTIALS_MISSING`.
 */
export function withRequiredHeaders(
  name: string,
  signature: Check,
  headers: Readonly<Record<string, string>> | undefined,
): Check {
  if (headers === undefined) return signature
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new WebhookConfigError(`${name}: headers must be an object of header name to value`)
  }
  const checks: Check[] = []
  for (const [header, value] of Object.entries(headers)) {
    if (!TOKEN.test(header)) throw new WebhookConfigError(`${name}: invalid header name in headers`)
    if (typeof value !== 'string' || value.trim() === '') {
      throw new WebhookConfigError(`${name}: each static header needs a non-empty string value`)
    }
    checks.push(apiKey({ name, header, keys: value.trim() }))
  }
  return checks.length === 0 ? signature : renamed(allOf(...checks, signature), name)
}

/**
 * `check` run on a request whose method and URL `map` rewrote (the sender signs them in a form
 * the framework does not give us: Square's configured notification URL, HubSpot's decoded URI).
 * The signer for `signRequest` sees the same rewrite.
 */
export function withSignedTarget(
  check: Check,
  map: (target: { method: string | undefined; url: string | undefined }) => {
    method: string | undefined
    url: string | undefined
  },
): Check {
  const retarget = (request: ParsedWebhookRequest): ParsedWebhookRequest => {
    const target = map({ method: request.method, url: request.url })
    const header = (name: string) => request.header(name)
    return { method: target.method, url: target.url, body: request.body, header }
  }
  const wrapped: Check = withInspection(
    {
      name: check.name,
      tolerance: check.tolerance,
      verify: (request, context) => check.verify(retarget(request), context),
    },
    { kind: 'target', name: check.name, check, map: retarget },
  )
  const signer = (check as SignableCheck)[SIGN]
  if (signer === undefined) return wrapped
  return withSigner(wrapped, (input) => {
    const target = map({ method: input.method, url: input.url })
    return signer({ ...input, method: target.method ?? input.method, url: target.url })
  })
}

/**
 * `check` answering the sender's endpoint handshake with `handshake` (run by the verifier before
 * `verify`: a handshake is never a delivery). Keeps the signer and the `diagnose` descriptor.
 */
export function withHandshake(check: Check, handshake: NonNullable<Check['handshake']>): Check {
  const wrapped: Check = {
    name: check.name,
    tolerance: check.tolerance,
    verify: (request, context) => check.verify(request, context),
    handshake,
  }
  const signer = (check as SignableCheck)[SIGN]
  return withInspection(
    signer === undefined ? wrapped : withSigner(wrapped, signer),
    inspectionOf(check),
  )
}
