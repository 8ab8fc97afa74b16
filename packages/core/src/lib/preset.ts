/**
 * Small helpers the presets share: option validation, the optional `tolerance` pass-through and
 * static headers required next to a signature. Internal: never re-exported.
 */
import {
  inspectionOf,
  renamed,
  signerOf,
  withInspection,
  withSigner,
  type Check,
} from '../check.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { Secrets } from '../secrets.js'
import { apiKey } from '../checks/api-key.js'
import { allOf } from '../combinators.js'
import { WebhookConfigError } from '../errors.js'
import {
  assertKnownOptions,
  nearest,
  optionList,
  unknownOptionMessage,
  unknownOptions,
} from './options.js'

/**
 * Throws `WebhookConfigError` unless `options` is an object (a preset called without options) whose
 * keys are all in `known` (when given) and whose `required` options are set. `required` maps each
 * to what it is, for the message. Order of complaints: a likely typo first (`stripe({ tolerence })`
 * names `tolerance`, `stripe({ signingSecret })` names `secret`), then a missing or blank required
 * option (`sendgrid({ secret })`: "publicKey is required (...)"), then any other unknown key.
 */
export function presetOptions<T extends object>(
  options: T | undefined,
  name: string,
  known?: readonly (keyof T & string)[],
  required?: Readonly<Partial<Record<keyof T & string, string>>>,
): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new WebhookConfigError(`${name}: an options object is required`)
  }
  const unknown = known === undefined ? [] : unknownOptions(options, known)
  const typo = unknown.find((key) => nearest(key, known ?? []) !== undefined)
  if (typo !== undefined)
    throw new WebhookConfigError(unknownOptionMessage(typo, known ?? [], name))
  const also =
    unknown[0] === undefined
      ? ''
      : `; unknown option '${unknown[0]}' (valid options: ${optionList(known ?? [])})`
  for (const [key, what] of Object.entries(required ?? {})) {
    requiredOption(options, key, name, String(what), also)
  }
  if (known !== undefined) assertKnownOptions(options, known, name)
  return options
}

/**
 * Throws `WebhookConfigError` when `options[key]` is missing (`undefined`, `null`, `[]`) or a blank
 * string (an unset environment variable read as `''`), naming the option and what it is.
 */
export function requiredOption(
  options: object,
  key: string,
  name: string,
  what: string,
  suffix = '',
): void {
  const value: unknown = (options as Readonly<Record<string, unknown>>)[key]
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    throw new WebhookConfigError(`${name}: ${key} is required (${what})${suffix}`)
  }
  if (typeof value === 'string' && value.trim() === '') {
    throw new WebhookConfigError(
      `${name}: ${key} is empty or whitespace only: set it to ${what} (is its environment variable set?)`,
    )
  }
}

/** `{ tolerance }` when set, else nothing (so the check keeps its default under exactOptionalPropertyTypes). */
export function toleranceOption(
  tolerance: number | undefined,
  fallback?: number,
): { tolerance?: number } {
  const value = tolerance ?? fallback
  return value === undefined ? {} : { tolerance: value }
}

/** The raw values of a `secret` option (string, bytes, entries or a list), for presets that vet them. */
export function secretValues(secrets: Secrets): unknown[] {
  const list: readonly unknown[] = Array.isArray(secrets) ? secrets : [secrets]
  return list.map((item) =>
    typeof item === 'object' && item !== null && !ArrayBuffer.isView(item) && 'value' in item
      ? (item as { value: unknown }).value
      : item,
  )
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
  const signer = signerOf(check)
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
  const signer = signerOf(check)
  return withInspection(
    signer === undefined ? wrapped : withSigner(wrapped, signer),
    inspectionOf(check),
  )
}
