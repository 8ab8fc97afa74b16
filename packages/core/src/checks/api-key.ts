/**
 * A shared key sent in a header (`X-API-Key`, `X-Gitlab-Token`, `Authorization: Bearer ...`).
 */
import { withInspection, withSigner, type Check, type CheckResult } from '../check.js'
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'
import { createCredentialMatcher } from '../lib/credentials.js'
import { trimOws, utf8 } from '../lib/encoding.js'
import { credentialInspection } from '../lib/inspection.js'
import { checkOptions, type OptionNames } from '../lib/options.js'
import { keyStatus, signingEntry, toKeyEntries, type Secrets } from '../secrets.js'

export interface ApiKeyOptions {
  /** Header name, any case, e.g. `'x-api-key'` or `'authorization'`. */
  header: string
  /** One key or several (rotation); each may carry `id`, `notBefore`, `notAfter`. */
  keys: Secrets
  /** Required before the key, e.g. `'Bearer '` (matched case-insensitively, as auth schemes are). */
  prefix?: string
  name?: string
}

const OPTION_NAMES: OptionNames<ApiKeyOptions> = {
  header: true,
  keys: true,
  prefix: true,
  name: true,
}

/**
 * Requires `header` to hold one of `keys` (after `prefix`), compared in constant time.
 *
 * Failures: `ERR_WEBHOOK_CREDENTIALS_MISSING`, `ERR_WEBHOOK_CREDENTIALS_INVALID`.
 *
 * @example
 * const check = apiKey({ header: 'x-api-key', keys: [process.env['KEY_NEW'] ?? '', process.env['KEY_OLD'] ?? ''] })
 */
export function apiKey(options: ApiKeyOptions): Check {
  checkOptions(options, OPTION_NAMES, 'apiKey')
  if (typeof options.header !== 'string' || options.header.trim() === '') {
    throw new WebhookConfigError('apiKey: header is required')
  }
  const header = options.header.toLowerCase()
  const prefix = options.prefix ?? ''
  const entries = toKeyEntries(options.keys, 'apiKey keys', (value) => {
    const bytes =
      typeof value === 'string' ? utf8(value) : ArrayBuffer.isView(value) ? value : undefined
    if (bytes === undefined || bytes.length === 0 || (typeof value === 'string' && !value.trim()))
      throw new WebhookConfigError('apiKey: each key must be a non-empty string')
    return bytes
  })
  const matcher = createCredentialMatcher(entries)
  const fail = (
    code: 'ERR_WEBHOOK_CREDENTIALS_MISSING' | 'ERR_WEBHOOK_CREDENTIALS_INVALID',
  ): CheckResult => ({
    ok: false,
    error: new WebhookVerificationError(code),
  })

  const check: Check = {
    name: options.name ?? 'apiKey',
    async verify(request, context) {
      const header_ = request.header(header)
      const value = header_ === undefined ? undefined : trimOws(header_)
      if (value === undefined || value === '') return fail('ERR_WEBHOOK_CREDENTIALS_MISSING')
      if (value.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) {
        return fail('ERR_WEBHOOK_CREDENTIALS_INVALID')
      }
      const entry = await matcher.match(utf8(value.slice(prefix.length)), context.now)
      return entry
        ? {
            ok: true,
            keyId: entry.id,
            keyPosition: entry.position,
            keyStatus: keyStatus(entries, entry, context.now),
          }
        : fail('ERR_WEBHOOK_CREDENTIALS_INVALID')
    },
  }
  return withInspection(
    withSigner(check, async (input: { timestamp: number }) => {
      const entry = signingEntry(entries, input.timestamp)
      return { [header]: prefix + new TextDecoder().decode(entry.key) }
    }),
    credentialInspection('apiKey', check.name, header, prefix, entries),
  )
}
