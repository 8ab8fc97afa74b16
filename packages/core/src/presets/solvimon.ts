import { renamed, type Check } from '../check.js'
import { apiKey } from '../checks/api-key.js'
import { basicAuth, type BasicAuthCredential } from '../checks/basic-auth.js'
import { hmac } from '../checks/hmac.js'
import { allOf, anyOf } from '../combinators.js'
import { WebhookConfigError } from '../errors.js'
import { assertKnownOptions } from '../lib/options.js'
import { presetOptions, requiredOption, toleranceOption } from '../lib/preset.js'
import { rotation, type Secrets } from '../secrets.js'

export interface SolvimonOptions {
  /** The webhook's `secret_key` (UTF-8); during a roll, `rotation(...)` or use `fromWebhook`. */
  secret: Secrets
  /** Required when the webhook's `authentication_type` is `PASSWORD`. Usernames may contain `:`. */
  basicAuth?: BasicAuthCredential | readonly BasicAuthCredential[]
  /** Required when `authentication_type` is `API_KEY`: `api_header_field` and `api_key`. */
  apiKey?: { header: string; key: Secrets }
  /** Seconds; default 300 (Solvimon: "reject webhooks older than 5 minutes"), in both directions. */
  tolerance?: number
}

/** Solvimon's webhook object, as the configuration API returns it; other fields are ignored. */
export interface SolvimonWebhook {
  secret_key?: string | null | undefined
  previous_secret_key?: string | null | undefined
  /** ISO-8601 instant of the last roll: the previous secret stays valid for 24 hours after it. */
  secret_rolled_at?: string | null | undefined
  /** Must be `HmacSHA256` when present. */
  signing_protocol?: string | null | undefined
  previous_signing_protocol?: string | null | undefined
  authentication_type?: 'PASSWORD' | 'API_KEY' | 'NONE' | (string & {}) | null | undefined
  username?: string | null | undefined
  password?: string | null | undefined
  api_header_field?: string | null | undefined
  api_key?: string | null | undefined
  readonly [field: string]: unknown
}

export interface SolvimonPreset {
  /**
   * Solvimon: `X-PAYLOAD-SIGNATURE: v1=<hex>` (one or more pairs split by `,`, `;` or whitespace;
   * any hex case) over `{timestamp}.{body}`, where the timestamp is the ISO-8601
   * `X-PAYLOAD-SIGNATURE-TIMESTAMP` header used verbatim; plus the configured Basic auth or API
   * key, required as well.
   *
   * @see https://docs.solvimon.com/platform-guides/for-developers/webhooks
   */
  (options: SolvimonOptions): Check
  // example prelude: declare const webhook: SolvimonWebhook
  /**
   * The check for a Solvimon webhook object: its secret (and the previous one until
   * `secret_rolled_at` + 24 h, reported as `keyId` `'current'` / `'previous'`) and the
   * credential its `authentication_type` names.
   *
   * @example
   * const check = presets.solvimon.fromWebhook(webhook) // as GET /v1/webhooks/{id} returns it
   * @see https://docs.solvimon.com/api-docs/configuration-api/webhooks/post-webhooks
   */
  fromWebhook(webhook: SolvimonWebhook, options?: { tolerance?: number }): Check
}

/** Solvimon keeps the previous secret valid for up to 24 hours after a roll. */
const ROLL_GRACE = '24h'
const PROTOCOL = 'HmacSHA256'
const BASIC_AUTH_OPTIONS = ['username', 'password', 'id', 'notBefore', 'notAfter']

function create(options: SolvimonOptions): Check {
  const opts = presetOptions(options, 'solvimon', ['secret', 'basicAuth', 'apiKey', 'tolerance'], {
    secret: "the webhook's secret_key",
  })
  const signature = hmac({
    name: 'solvimon',
    header: 'x-payload-signature',
    format: { pairs: 'v1', separator: ',; \t' },
    timestamp: { header: 'x-payload-signature-timestamp', format: 'iso8601' },
    content: '{timestamp}.{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
  const credentials: Check[] = []
  if (opts.basicAuth !== undefined) {
    const list: readonly unknown[] = Array.isArray(opts.basicAuth)
      ? opts.basicAuth
      : [opts.basicAuth]
    for (const credential of list) {
      if (typeof credential !== 'object' || credential === null) {
        throw new WebhookConfigError('solvimon: basicAuth must be { username, password }')
      }
      assertKnownOptions(credential, BASIC_AUTH_OPTIONS, 'solvimon basicAuth')
      requiredOption(credential, 'username', 'solvimon basicAuth', "the webhook's username")
      requiredOption(credential, 'password', 'solvimon basicAuth', "the webhook's password")
    }
    credentials.push(basicAuth({ name: 'solvimon', credentials: opts.basicAuth }))
  }
  if (opts.apiKey !== undefined) {
    if (typeof opts.apiKey !== 'object' || opts.apiKey === null) {
      throw new WebhookConfigError('solvimon: apiKey must be { header, key }')
    }
    assertKnownOptions(opts.apiKey, ['header', 'key'], 'solvimon apiKey')
    requiredOption(opts.apiKey, 'header', 'solvimon apiKey', "the webhook's api_header_field")
    requiredOption(opts.apiKey, 'key', 'solvimon apiKey', "the webhook's api_key")
    credentials.push(
      apiKey({ name: 'solvimon', header: opts.apiKey.header, keys: opts.apiKey.key }),
    )
  }
  const [only, ...more] = credentials
  if (only === undefined) return signature
  // Solvimon sends one method (authentication_type); with both configured, either one will do.
  const credential = more.length === 0 ? only : anyOf(only, ...more)
  return renamed(allOf(credential, signature), 'solvimon')
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new WebhookConfigError(`solvimon.fromWebhook: ${field} is required`)
  }
  return value
}

function protocol(value: unknown, field: string): void {
  if (value !== undefined && value !== null && value !== PROTOCOL) {
    throw new WebhookConfigError(`solvimon.fromWebhook: ${field} must be ${PROTOCOL}`)
  }
}

function fromWebhook(webhook: SolvimonWebhook, options: { tolerance?: number } = {}): Check {
  const hook = presetOptions(webhook, 'solvimon.fromWebhook')
  assertKnownOptions(options, ['tolerance'], 'solvimon.fromWebhook options')
  protocol(hook.signing_protocol, 'signing_protocol')
  const current = text(hook.secret_key, 'secret_key')
  // Without `secret_rolled_at` there is no end to the previous secret's window: leave it out.
  const previous = hook.previous_secret_key
  const rolledAt = hook.secret_rolled_at
  const rolled = typeof previous === 'string' && previous !== '' && rolledAt
  if (rolled) protocol(hook.previous_signing_protocol, 'previous_signing_protocol')
  const secret = rolled
    ? rotation({
        current,
        previous,
        rolledAt,
        grace: ROLL_GRACE,
      })
    : rotation({ current, rolledAt: 0, grace: 0 })
  const type = hook.authentication_type ?? 'NONE'
  const tolerance = toleranceOption(options.tolerance)
  switch (type) {
    case 'NONE':
      return create({ secret, ...tolerance })
    case 'PASSWORD':
      return create({
        secret,
        basicAuth: {
          username: text(hook.username, 'username'),
          password: text(hook.password, 'password'),
        },
        ...tolerance,
      })
    case 'API_KEY':
      return create({
        secret,
        apiKey: {
          header: text(hook.api_header_field, 'api_header_field'),
          key: text(hook.api_key, 'api_key'),
        },
        ...tolerance,
      })
    default:
      throw new WebhookConfigError(
        'solvimon.fromWebhook: authentication_type must be PASSWORD, API_KEY or NONE',
      )
  }
}

export const solvimon: SolvimonPreset = /* @__PURE__ */ Object.assign(create, { fromWebhook })
