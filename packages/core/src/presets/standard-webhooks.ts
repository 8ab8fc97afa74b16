import { renamed, type Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { anyOf } from '../combinators.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface StandardWebhooksOptions {
  /** `whsec_<base64>` (the prefix is optional); several during a rotation. */
  secret: Secrets
  /** Seconds; default 300, in both directions, as the spec asks. */
  tolerance?: number
}

/**
 * The Standard Webhooks layout under `{prefix}-id`, `{prefix}-timestamp` and
 * `{prefix}-signature: v1,<base64>[ v1,<base64>]`, HMAC-SHA256 over `{id}.{timestamp}.{body}`.
 * Senders built on it (OpenAI, Replicate, Polar) differ only in name and how the secret is read.
 */
export function standardWebhooksCheck(
  name: string,
  options: StandardWebhooksOptions,
  layout: { readonly prefix?: string; readonly secretEncoding?: 'whsec' | 'utf8' } = {},
): Check {
  const prefix = layout.prefix ?? 'webhook'
  return hmac({
    name,
    header: `${prefix}-signature`,
    format: { tokens: 'v1' },
    id: { header: `${prefix}-id` },
    timestamp: { header: `${prefix}-timestamp` },
    content: '{id}.{timestamp}.{body}',
    encoding: 'base64',
    secretEncoding: layout.secretEncoding ?? 'whsec',
    secrets: options.secret,
    ...toleranceOption(options.tolerance),
  })
}

function standard(name: string, prefix: string, options: StandardWebhooksOptions): Check {
  const opts = presetOptions(options, name, ['secret', 'tolerance'], {
    secret: "the endpoint's whsec_... signing secret",
  })
  return standardWebhooksCheck(name, opts, { prefix })
}

/**
 * The Standard Webhooks scheme under `svix-*` headers, or under `webhook-*` ones when those are
 * what came (the svix SDK reads both). Each set is verified on its own; headers are never mixed.
 */
export function svixFamily(name: string, options: StandardWebhooksOptions): Check {
  return renamed(anyOf(standard(name, 'svix', options), standard(name, 'webhook', options)), name)
}

/**
 * Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<b64>[ v1,<b64>]`
 * over `{id}.{timestamp}.{body}`, key = Base64 after `whsec_`. `v1a` entries are skipped.
 *
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export function standardWebhooks(options: StandardWebhooksOptions): Check {
  return standard('standardWebhooks', 'webhook', options)
}

/**
 * Svix: the Standard Webhooks scheme under `svix-id`, `svix-timestamp`, `svix-signature`
 * (`webhook-*` accepted too, as the svix SDK does).
 *
 * @see https://docs.svix.com/receiving/verifying-payloads/how-manual
 */
export function svix(options: StandardWebhooksOptions): Check {
  return svixFamily('svix', options)
}
