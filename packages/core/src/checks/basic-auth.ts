/**
 * HTTP Basic authentication (RFC 7617) as a webhook check.
 */
import { withInspection, withSigner, type Check, type CheckResult } from '../check.js'
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'
import { createCredentialMatcher } from '../lib/credentials.js'
import { decodeBase64, encodeBase64, utf8 } from '../lib/encoding.js'
import { credentialInspection } from '../lib/inspection.js'
import { checkOptions, type OptionNames } from '../lib/options.js'
import { keyStatus, signingEntry, toKeyEntries, type DateInput } from '../secrets.js'

export interface BasicAuthCredential {
  username: string
  password: string
  id?: string | undefined
  notBefore?: DateInput | undefined
  notAfter?: DateInput | undefined
}

export interface BasicAuthOptions {
  /** One pair, or several (rotation). */
  credentials: BasicAuthCredential | readonly BasicAuthCredential[]
  /** Sent in `WWW-Authenticate` on failure; default `'webhooks'`. */
  realm?: string
  name?: string
}

const OPTION_NAMES: OptionNames<BasicAuthOptions> = { credentials: true, realm: true, name: true }
const CREDENTIAL_NAMES: OptionNames<BasicAuthCredential> = {
  username: true,
  password: true,
  id: true,
  notBefore: true,
  notAfter: true,
}

const BASIC = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i

/**
 * The decoded `user-pass` bytes of a Basic `Authorization` header, or `undefined`. Not split at
 * the first colon: Solvimon usernames may contain `:`, so the whole `user:password` is compared.
 */
export function parseBasicAuth(header: string): Uint8Array | undefined {
  const encoded = BASIC.exec(header)?.[1]
  return encoded === undefined ? undefined : decodeBase64(encoded)
}

/**
 * Requires `Authorization: Basic ...` with one of the configured username/password pairs,
 * compared in constant time as the whole UTF-8 `username:password`.
 *
 * Failures: `ERR_WEBHOOK_CREDENTIALS_MISSING`, `ERR_WEBHOOK_CREDENTIALS_INVALID` (both carry a
 * `challenge` for `WWW-Authenticate`).
 *
 * @example
 * const check = basicAuth({ credentials: { username: 'solvimon', password: process.env['PASS'] ?? '' } })
 * @see https://www.rfc-editor.org/rfc/rfc7617
 */
export function basicAuth(options: BasicAuthOptions): Check {
  checkOptions(options, OPTION_NAMES, 'basicAuth')
  const realm = options.realm ?? 'webhooks'
  if (!/^[\x20-\x7e]*$/.test(realm) || /["\\]/.test(realm)) {
    throw new WebhookConfigError('basicAuth: realm must be printable ASCII without quotes')
  }
  const challenge = `Basic realm="${realm}", charset="UTF-8"`
  const list = Array.isArray(options.credentials) ? options.credentials : [options.credentials]
  for (const c of list as unknown[]) {
    if (typeof c === 'object' && c !== null)
      checkOptions(c, CREDENTIAL_NAMES, 'basicAuth credentials')
  }
  const entries = toKeyEntries(
    list.map((c: BasicAuthCredential) => ({ ...c, value: c })),
    'basicAuth credentials',
    (c: BasicAuthCredential) => {
      if (
        typeof c?.username !== 'string' ||
        c.username.trim() === '' ||
        typeof c.password !== 'string' ||
        c.password.trim() === ''
      ) {
        throw new WebhookConfigError(
          'basicAuth: each credential needs a non-empty username and password',
        )
      }
      return utf8(`${c.username}:${c.password}`)
    },
  )
  const matcher = createCredentialMatcher(entries)
  const fail = (
    code: 'ERR_WEBHOOK_CREDENTIALS_MISSING' | 'ERR_WEBHOOK_CREDENTIALS_INVALID',
  ): CheckResult => ({
    ok: false,
    error: new WebhookVerificationError(code, { challenge }),
  })

  const check: Check = {
    name: options.name ?? 'basicAuth',
    async verify(request, context) {
      const header = request.header('authorization')
      if (header === undefined || header.trim() === '')
        return fail('ERR_WEBHOOK_CREDENTIALS_MISSING')
      const presented = parseBasicAuth(header)
      if (presented === undefined) return fail('ERR_WEBHOOK_CREDENTIALS_INVALID')
      const entry = await matcher.match(presented, context.now)
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
  const usernames = list.map((c: BasicAuthCredential) => utf8(c.username))
  const inspection = credentialInspection(
    'basicAuth',
    check.name,
    'authorization',
    'Basic ',
    entries,
    usernames,
  )
  return withInspection(
    withSigner(check, async (input: { timestamp: number }) => {
      const entry = signingEntry(entries, input.timestamp)
      return { authorization: `Basic ${encodeBase64(entry.key)}` }
    }),
    inspection,
  )
}
