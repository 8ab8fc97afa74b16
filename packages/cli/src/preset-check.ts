/**
 * The preset check the flags describe. Secrets come only from environment variables and files
 * (never from the command line, where `ps` and shell history would keep them), and every one is
 * registered with the output so it can never be printed.
 */
import { createPublicKey } from 'node:crypto'
import { basename } from 'node:path'
import { presets, WebhookConfigError, type Check, type SolvimonWebhook } from '@hookwarden/core'
import { readFile } from './capture.js'
import type { Output } from './output.js'
import { printable } from './printable.js'
import { suggest } from './suggest.js'
import { UsageError } from './usage-error.js'

/** The flags every command that builds a preset takes (for `parseArgs`). */
export const PRESET_FLAGS = {
  preset: { type: 'string' },
  'secret-env': { type: 'string', multiple: true },
  'secret-file': { type: 'string', multiple: true },
  'public-key-file': { type: 'string' },
  'options-json': { type: 'string' },
} as const

export interface PresetFlags {
  readonly preset?: string | undefined
  readonly 'secret-env'?: string[] | undefined
  readonly 'secret-file'?: string[] | undefined
  readonly 'public-key-file'?: string | undefined
  readonly 'options-json'?: string | undefined
  readonly 'private-key-file'?: string | undefined
}

export type PresetName = keyof typeof presets

export interface PresetCheck {
  readonly name: PresetName
  readonly check: Check
  /** Environment variable that held each secret, by value (the curl command refers to it). */
  readonly envOf: ReadonlyMap<string, string>
  /** PEM text of `--private-key-file`, for signing. */
  readonly privateKey: string | undefined
}

/**
 * Property names whose string values are secrets in `--options-json` (Solvimon's `secret_key`,
 * `api_key` and `password` included). Usernames, header names and ids are not secrets.
 */
const SENSITIVE = /secret|password|key|token|authorization|value/i

function isPreset(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(presets, name)
}

export function presetName(name: string | undefined): PresetName {
  if (name === undefined) throw new UsageError('--preset is required (see `hookwarden presets`)')
  if (!isPreset(name)) {
    const near = suggest(name, Object.keys(presets))
    throw new UsageError(
      `unknown preset "${printable(name).slice(0, 40)}"${near === undefined ? '' : `; did you mean ${near}?`} (see \`hookwarden presets\`)`,
    )
  }
  return name
}

function envSecret(name: string, output: Output): string {
  const value = process.env[name]
  if (value === undefined || value === '')
    throw new UsageError(`environment variable ${name} is not set or is empty`)
  output.hide(value)
  return value
}

/** A secret file's text without its final newline (editors add one). */
function fileSecret(path: string, flag: string, output: Output): string {
  const value = readFile(path, flag)
    .toString('utf8')
    .replace(/\r?\n$/, '')
  if (value === '') throw new UsageError(`${flag}: ${path} is empty`)
  output.hide(value)
  return value
}

/**
 * Replaces `{ "env": NAME }` and `{ "file": PATH }` with what they name. Strings directly under a
 * secret-sounding property, or in a static `headers` map, are hidden from the output; ids are not.
 */
function resolve(
  value: unknown,
  output: Output,
  key: string | undefined,
  parent: string | undefined,
): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, output, key, parent))
  if (typeof value === 'string') {
    const sensitive =
      key !== undefined && ((SENSITIVE.test(key) && key !== 'header') || parent === 'headers')
    if (sensitive) output.hide(value)
    return value
  }
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value)
  const [only] = entries
  if (entries.length === 1 && only !== undefined && typeof only[1] === 'string') {
    if (only[0] === 'env') return envSecret(only[1], output)
    if (only[0] === 'file') return fileSecret(only[1], '--options-json', output)
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, output, k, key)]))
}

function optionsJson(path: string | undefined, output: Output): Record<string, unknown> {
  if (path === undefined) return {}
  const bytes = readFile(path, '--options-json')
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new UsageError(`--options-json: ${path} is not valid JSON`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError('--options-json: expected an object of preset options')
  }
  return resolve(parsed, output, undefined, undefined) as Record<string, unknown>
}

/** A PEM or JWK(S) public key file as the presets take it. */
function publicKeyOf(text: string): unknown {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{')) return trimmed
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    throw new UsageError('--public-key-file: looks like JSON (a JWK) but does not parse')
  }
}

/**
 * Whether preset `name` takes a shared `secret`: the preset itself says so, naming `secret` as an
 * unknown option when it takes keys instead. (Any other complaint is about the placeholder.)
 */
function takesSecret(name: PresetName): boolean {
  try {
    ;(presets[name] as (options: object) => Check)({
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    })
    return true
  } catch (error) {
    return !(
      error instanceof WebhookConfigError && error.message.includes("unknown option 'secret'")
    )
  }
}

/** What to ask for when no secret or key was given: the key an asymmetric preset signs with. */
function missingKey(name: PresetName, signing: boolean): string {
  if (takesSecret(name)) return 'give the secret with --secret-env NAME or --secret-file PATH'
  return signing
    ? `${name} signs with a private key: give --private-key-file PATH (PEM, PKCS #8)`
    : `give ${name}'s public key with --public-key-file PATH (PEM or JWK)`
}

/** Whether `options` is a Solvimon webhook object as its API returns it (`secret_key`, ...). */
function isSolvimonWebhook(options: Record<string, unknown>): boolean {
  return ['secret_key', 'authentication_type', 'previous_secret_key'].some((k) => k in options)
}

/**
 * Builds the preset from the flags; exit 2 (a `UsageError`) for anything missing or invalid.
 * `signing`: the command signs (`sign`, `send`), so an asymmetric preset needs its private key.
 */
export function presetCheck(flags: PresetFlags, output: Output, signing = false): PresetCheck {
  const name = presetName(flags.preset)
  const options = optionsJson(flags['options-json'], output)
  const envOf = new Map<string, string>()
  const secrets: { value: string; id: string }[] = []
  for (const env of flags['secret-env'] ?? []) {
    const value = envSecret(env, output)
    envOf.set(value, env)
    secrets.push({ value, id: env })
  }
  for (const path of flags['secret-file'] ?? []) {
    secrets.push({ value: fileSecret(path, '--secret-file', output), id: basename(path) })
  }
  // Each secret reports its variable or file name as keyId (several are a rotation).
  if (secrets.length > 0) options['secret'] = secrets

  let privateKey: string | undefined
  if (flags['private-key-file'] !== undefined) {
    privateKey = readFile(flags['private-key-file'], '--private-key-file').toString('utf8')
    output.hide(privateKey.trim())
  }
  let publicKey: unknown
  if (flags['public-key-file'] !== undefined) {
    publicKey = publicKeyOf(
      readFile(flags['public-key-file'], '--public-key-file').toString('utf8'),
    )
  } else if (privateKey !== undefined && secrets.length === 0) {
    try {
      publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()
    } catch {
      throw new UsageError('--private-key-file: not a PEM private key')
    }
  }
  // Plaid takes a key set (`keys`), every other asymmetric preset a `publicKey`.
  if (publicKey !== undefined) options[name === 'plaid' ? 'keys' : 'publicKey'] = publicKey
  if (
    options['secret'] === undefined &&
    publicKey === undefined &&
    flags['options-json'] === undefined
  ) {
    throw new UsageError(missingKey(name, signing))
  }
  if (secrets.length > 0 && !takesSecret(name)) {
    throw new UsageError(`${name} takes no shared secret; ${missingKey(name, signing)}`)
  }
  // A Solvimon webhook object (GET /v1/webhooks/{id}) carries its secrets and authentication.
  const webhook = name === 'solvimon' && isSolvimonWebhook(options)
  if (webhook && secrets.length > 0) {
    throw new UsageError(
      '--options-json holds a Solvimon webhook object with its secret_key: drop --secret-env and --secret-file',
    )
  }
  try {
    const make = presets[name] as (options: Record<string, unknown>) => Check
    const check = webhook ? presets.solvimon.fromWebhook(options as SolvimonWebhook) : make(options)
    return { name, check, envOf, privateKey }
  } catch (error) {
    if (error instanceof WebhookConfigError)
      throw new UsageError(`invalid options for ${name}: ${error.message}`)
    throw error
  }
}
