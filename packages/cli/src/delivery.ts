/**
 * A signed delivery built from the flags, the way the preset's sender would make it, and which of
 * its headers carry credentials (never printed).
 */
import {
  describeCheck,
  WebhookConfigError,
  type Check,
  type CheckDescription,
} from '@hookwarden/core'
import { signRequest } from '@hookwarden/core/testing'
import { readFile } from './capture.js'
import { parseInstant } from './instant.js'
import type { PresetCheck } from './preset-check.js'
import { UsageError } from './usage-error.js'

export interface DeliveryFlags {
  readonly body?: string | undefined
  readonly timestamp?: string | undefined
  readonly id?: string | undefined
  readonly url?: string | undefined
  readonly method?: string | undefined
}

export interface Delivery {
  readonly body: Uint8Array<ArrayBuffer>
  readonly headers: Record<string, string>
  readonly timestamp: number
}

/** Signs `--body` with the preset (and `--private-key-file` for asymmetric ones). */
export async function signDelivery(
  preset: PresetCheck,
  flags: DeliveryFlags,
  url: string | undefined,
): Promise<Delivery> {
  if (flags.body === undefined) throw new UsageError('--body PATH is required')
  const body = new Uint8Array(readFile(flags.body, '--body'))
  const timestamp =
    flags.timestamp === undefined ? Date.now() : parseInstant(flags.timestamp, '--timestamp')
  try {
    const { headers } = await signRequest(preset.check, {
      body,
      timestamp,
      ...(flags.id === undefined ? {} : { id: flags.id }),
      ...(flags.method === undefined ? {} : { method: flags.method }),
      ...(url === undefined ? {} : { url }),
      ...(preset.privateKey === undefined ? {} : { privateKey: preset.privateKey }),
    })
    return { body, headers, timestamp }
  } catch (error) {
    if (error instanceof WebhookConfigError) {
      const hint = / private key/.test(error.message) ? ' (give --private-key-file)' : ''
      throw new UsageError(`cannot sign for ${preset.name}: ${error.message}${hint}`)
    }
    throw error
  }
}

/** The leaves of a description: the checks inside `allOf`/`anyOf`. */
export function leaves(description: CheckDescription): CheckDescription[] {
  return description.kind === 'allOf' || description.kind === 'anyOf'
    ? description.checks.flatMap(leaves)
    : [description]
}

/** Lower-case names of the headers that carry credentials (Basic auth, API keys). */
export function credentialHeaders(check: Check): Set<string> {
  const names = new Set<string>()
  for (const leaf of leaves(describeCheck(check))) {
    if (leaf.kind === 'basicAuth' || leaf.kind === 'apiKey') names.add(leaf.header)
  }
  return names
}

/**
 * How to write a credential header without its value: `prefix$NAME` when the value is a secret
 * read from environment variable NAME, else `undefined` (it must be added by hand).
 */
export function envReference(
  value: string,
  envOf: ReadonlyMap<string, string>,
): { prefix: string; env: string } | undefined {
  for (const [secret, env] of envOf) {
    if (value.endsWith(secret)) return { prefix: value.slice(0, value.length - secret.length), env }
  }
  return undefined
}
