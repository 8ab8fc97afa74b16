import type { Check } from '../check.js'
import { WebhookConfigError } from '../errors.js'
import { presetOptions, secretValues } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'
import { standardWebhooksCheck } from './standard-webhooks.js'

export interface OpenAiOptions {
  /** The endpoint's `whsec_…` signing secret (key = Base64 after the prefix); several during a rotation. */
  secret: Secrets
  /** Seconds; default 300 (`openai` SDK's `webhooks.unwrap`), in both directions. */
  tolerance?: number
}

/**
 * OpenAI: Standard Webhooks under `webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64>[ v1,<base64>]`, HMAC-SHA256 over `{id}.{timestamp}.{body}`.
 * The secret must keep its `whsec_` prefix: the `openai` SDK would use an unprefixed string as
 * UTF-8 bytes instead, so one without it is a configuration error rather than a guess.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH` and the `TIMESTAMP_*` codes.
 *
 * @example
 * const verifier = createVerifier(presets.openai({ secret: process.env['OPENAI_WEBHOOK_SECRET'] ?? '' }))
 * @see https://platform.openai.com/docs/guides/webhooks
 */
export function openai(options: OpenAiOptions): Check {
  const opts = presetOptions(options, 'openai', ['secret', 'tolerance'], {
    secret: "the endpoint's whsec_... signing secret",
  })
  for (const value of secretValues(opts.secret)) {
    if (typeof value === 'string' && !value.startsWith('whsec_')) {
      throw new WebhookConfigError(
        'openai: secret must be the whsec_… signing secret exactly as the dashboard shows it',
      )
    }
  }
  return standardWebhooksCheck('openai', opts)
}
