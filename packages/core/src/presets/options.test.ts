/**
 * Configuration mistakes in every preset: an unknown key names the nearest valid option (or lists
 * them), a missing or blank secret/key names the option and what it is. Each row lists the
 * preset's options exactly; the "valid options" message is the oracle that the list is complete.
 */
import { describe, expect, it } from 'vitest'
import { WebhookConfigError } from '../errors.js'
import { presets, type Check } from '../index.js'

interface Row {
  /** Key in `presets`. */
  readonly preset: keyof typeof presets
  /** Name used in messages (the check's name). */
  readonly name: string
  /** Every option, in the order the preset lists them. */
  readonly known: readonly string[]
  /** The required option and what it is, as the message says. */
  readonly required?: readonly [string, string]
  /** Further required options (checked after `required`), e.g. a Basic auth password. */
  readonly alsoRequired?: readonly (readonly [string, string])[]
}

const WHSEC = "the endpoint's whsec_... signing secret"

const rows: readonly Row[] = [
  {
    preset: 'airwallex',
    name: 'airwallex',
    known: ['secret', 'tolerance'],
    required: ['secret', "the webhook's secret"],
  },
  {
    preset: 'asana',
    name: 'asana',
    known: ['secret', 'onHandshake'],
  },
  {
    preset: 'bitbucket',
    name: 'bitbucket',
    known: ['secret'],
    required: ['secret', "the webhook's secret"],
  },
  {
    preset: 'calCom',
    name: 'calCom',
    known: ['secret'],
    required: ['secret', "the webhook's secret"],
  },
  {
    preset: 'calendly',
    name: 'calendly',
    known: ['secret', 'tolerance'],
    required: ['secret', 'the webhook signing key'],
  },
  {
    preset: 'chargebee',
    name: 'chargebee',
    known: ['username', 'password'],
    required: ['username', "the webhook's Basic authentication username"],
    alsoRequired: [['password', "the webhook's Basic authentication password"]],
  },
  {
    preset: 'checkoutCom',
    name: 'checkoutCom',
    known: ['secret'],
    required: ['secret', "the signature key of the workflow's webhook action"],
  },
  { preset: 'clerk', name: 'clerk', known: ['secret', 'tolerance'], required: ['secret', WHSEC] },
  {
    preset: 'coinbaseCommerce',
    name: 'coinbaseCommerce',
    known: ['secret'],
    required: ['secret', 'the shared secret from the Commerce webhook settings'],
  },
  {
    preset: 'discord',
    name: 'discord',
    known: ['publicKey', 'tolerance'],
    required: ['publicKey', "the application's public key from the Developer Portal"],
  },
  {
    preset: 'docusign',
    name: 'docusign',
    known: ['secret'],
    required: ['secret', 'the Connect HMAC key'],
  },
  {
    preset: 'dropbox',
    name: 'dropbox',
    known: ['secret'],
    required: ['secret', 'the app secret from the App Console'],
  },
  {
    preset: 'equalsMoney',
    name: 'equalsMoney',
    known: ['secret', 'authorizationHeader'],
    required: ['secret', "the webhook's sharedSecret"],
  },
  {
    preset: 'flutterwave',
    name: 'flutterwave',
    known: ['secret', 'legacy'],
    required: ['secret', "the secret hash from the dashboard's webhook settings"],
  },
  {
    preset: 'github',
    name: 'github',
    known: ['secret'],
    required: ['secret', 'the webhook secret'],
  },
  {
    preset: 'gitlab',
    name: 'gitlab',
    known: ['secret'],
    required: ['secret', "the webhook's secret token"],
  },
  {
    preset: 'goCardless',
    name: 'goCardless',
    known: ['secret'],
    required: ['secret', "the webhook endpoint's secret"],
  },
  {
    preset: 'hubspot',
    name: 'hubspot',
    known: ['secret', 'tolerance', 'targetUrl'],
    required: ['secret', "the app's client secret"],
  },
  {
    preset: 'intercom',
    name: 'intercom',
    known: ['secret'],
    required: ['secret', "the app's client_secret"],
  },
  {
    preset: 'lago',
    name: 'lago',
    known: ['secret'],
    required: ['secret', "the organization's HMAC key from Developers > Webhooks"],
  },
  {
    preset: 'lemonSqueezy',
    name: 'lemonSqueezy',
    known: ['secret'],
    required: ['secret', "the webhook's signing secret"],
  },
  {
    preset: 'linear',
    name: 'linear',
    known: ['secret', 'tolerance'],
    required: ['secret', "the webhook's signing secret"],
  },
  {
    preset: 'lune',
    name: 'lune',
    known: ['secret', 'tolerance'],
    required: ['secret', "the endpoint's signing secret"],
  },
  {
    preset: 'mandrill',
    name: 'mandrill',
    known: ['secret', 'url'],
    required: ['secret', "the webhook's key"],
  },
  {
    preset: 'meta',
    name: 'meta',
    known: ['secret', 'verifyToken'],
    required: ['secret', 'the App Secret from App Dashboard > Settings > Basic'],
  },
  {
    preset: 'microsoftGraph',
    name: 'microsoftGraph',
    known: ['clientState'],
    required: ['clientState', "the subscription's clientState"],
  },
  { preset: 'monime', name: 'monime', known: ['secret', 'publicKey', 'headers', 'tolerance'] },
  {
    preset: 'mux',
    name: 'mux',
    known: ['secret', 'tolerance'],
    required: ['secret', "the webhook endpoint's signing secret"],
  },
  {
    preset: 'netlify',
    name: 'netlify',
    known: ['secret'],
    required: ['secret', "the notification's JWS secret token"],
  },
  {
    preset: 'notion',
    name: 'notion',
    known: ['secret', 'onVerificationToken'],
  },
  {
    preset: 'okta',
    name: 'okta',
    known: ['secret', 'header'],
    required: ['secret', "the event hook's Authentication secret"],
  },
  {
    preset: 'openai',
    name: 'openai',
    known: ['secret', 'tolerance'],
    required: ['secret', WHSEC],
  },
  {
    preset: 'orb',
    name: 'orb',
    known: ['secret', 'tolerance'],
    required: ['secret', "the endpoint's webhook secret"],
  },
  {
    preset: 'paddle',
    name: 'paddle',
    known: ['secret', 'tolerance'],
    required: ['secret', "the notification destination's secret key, pdl_ntfset_..."],
  },
  {
    preset: 'paystack',
    name: 'paystack',
    known: ['secret'],
    required: ['secret', 'the secret key, sk_live_... or sk_test_...'],
  },
  { preset: 'plaid', name: 'plaid', known: ['keys', 'jwksUrl', 'jwksCache', 'tolerance'] },
  {
    preset: 'polar',
    name: 'polar',
    known: ['secret', 'tolerance'],
    required: ['secret', "the endpoint's webhook secret"],
  },
  {
    preset: 'postmark',
    name: 'postmark',
    known: ['username', 'password'],
    required: ['username', 'the username in the webhook URL'],
    alsoRequired: [['password', 'the password in the webhook URL']],
  },
  {
    preset: 'razorpay',
    name: 'razorpay',
    known: ['secret'],
    required: ['secret', 'the webhook secret set in the Dashboard, not the API key secret'],
  },
  {
    preset: 'recurly',
    name: 'recurly',
    known: ['secret', 'tolerance'],
    required: ['secret', "the webhook endpoint's secret key"],
  },
  {
    preset: 'replicate',
    name: 'replicate',
    known: ['secret', 'tolerance'],
    required: ['secret', 'the whsec_... secret from GET /v1/webhooks/default/secret'],
  },
  { preset: 'resend', name: 'resend', known: ['secret', 'tolerance'], required: ['secret', WHSEC] },
  {
    preset: 'revolut',
    name: 'revolut',
    known: ['secret', 'tolerance'],
    required: ['secret', "the webhook's signing secret, wsk_..."],
  },
  {
    preset: 'sendgrid',
    name: 'sendgrid',
    known: ['publicKey', 'tolerance'],
    required: ['publicKey', "the verification key from SendGrid's Mail Settings"],
  },
  {
    preset: 'sentry',
    name: 'sentry',
    known: ['secret'],
    required: ['secret', "the integration's Client Secret"],
  },
  {
    preset: 'shopify',
    name: 'shopify',
    known: ['secret'],
    required: ['secret', "the app's client secret or the webhook signing secret"],
  },
  {
    preset: 'slack',
    name: 'slack',
    known: ['secret', 'tolerance'],
    required: ['secret', "the app's signing secret"],
  },
  {
    preset: 'solvimon',
    name: 'solvimon',
    known: ['secret', 'basicAuth', 'apiKey', 'tolerance'],
    required: ['secret', "the webhook's secret_key"],
  },
  {
    preset: 'square',
    name: 'square',
    known: ['secret', 'notificationUrl'],
    required: ['secret', "the subscription's signature key"],
  },
  {
    preset: 'standardWebhooks',
    name: 'standardWebhooks',
    known: ['secret', 'tolerance'],
    required: ['secret', WHSEC],
  },
  {
    preset: 'standardWebhooksAsymmetric',
    name: 'standardWebhooksAsymmetric',
    known: ['publicKey', 'tolerance'],
    required: ['publicKey', 'the whpk_... public key'],
  },
  {
    preset: 'adyen',
    name: 'adyen',
    known: ['secret', 'scheme'],
    required: ['secret', "the webhook's HMAC key (hex)"],
  },
  {
    preset: 'mailgun',
    name: 'mailgun',
    known: ['secret', 'tolerance'],
    required: ['secret', 'the HTTP webhook signing key'],
  },
  {
    preset: 'paypal',
    name: 'paypal',
    known: ['webhookId', 'tolerance', 'fetch', 'timeout'],
    required: ['webhookId', "the webhook's id from the developer dashboard"],
  },
  { preset: 'wise', name: 'wise', known: ['environment', 'publicKey'] },
  { preset: 'stripe', name: 'stripe', known: ['secret', 'tolerance'], required: ['secret', WHSEC] },
  { preset: 'svix', name: 'svix', known: ['secret', 'tolerance'], required: ['secret', WHSEC] },
  {
    preset: 'twilio',
    name: 'twilio',
    known: ['secret', 'url'],
    required: ['secret', "the account's Auth Token"],
  },
  {
    preset: 'twitch',
    name: 'twitch',
    known: ['secret', 'tolerance'],
    required: ['secret', "the EventSub subscription's secret"],
  },
  {
    preset: 'typeform',
    name: 'typeform',
    known: ['secret'],
    required: ['secret', "the webhook's secret"],
  },
  {
    preset: 'vercel',
    name: 'vercel',
    known: ['secret'],
    required: ['secret', "the webhook secret or the integration's Client Secret"],
  },
  {
    preset: 'wooCommerce',
    name: 'wooCommerce',
    known: ['secret'],
    required: ['secret', "the webhook's secret"],
  },
  {
    preset: 'zendesk',
    name: 'zendesk',
    known: ['secret', 'tolerance'],
    required: ['secret', "the webhook's signing secret"],
  },
  {
    preset: 'zoom',
    name: 'zoom',
    known: ['secret', 'tolerance'],
    required: ['secret', "the app's Secret Token"],
  },
]

/** The `WebhookConfigError` `make` throws (fails the test if it throws nothing else). */
function configError(make: () => unknown): WebhookConfigError {
  try {
    make()
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookConfigError)
    expect((error as WebhookConfigError).code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
    return error as WebhookConfigError
  }
  throw new Error('expected a WebhookConfigError')
}

const call = (preset: keyof typeof presets, options: unknown) => () =>
  (presets[preset] as (options: unknown) => Check)(options)

/** Options that pass the required check: a non-blank placeholder for each required option. */
const base = (row: Row): Record<string, unknown> => ({
  [row.required?.[0] ?? row.known[0]!]: 'x',
  ...Object.fromEntries((row.alsoRequired ?? []).map(([key]) => [key, 'x'])),
})

/** A typo of `key`: its 2nd and 3rd letters swapped (edit distance 2). */
const typo = (key: string) => key[0]! + key[2]! + key[1]! + key.slice(3)

const quoted = (keys: readonly string[]) => keys.map((k) => `'${k}'`).join(', ')

describe('preset options', () => {
  it('covers every preset', () => {
    expect(rows.map((r) => r.preset).sort()).toEqual(Object.keys(presets).sort())
  })

  it.each(rows)('$preset lists exactly its options for an unknown key', (row) => {
    const error = configError(call(row.preset, { ...base(row), bogusOption: 1 }))
    expect(error.message).toBe(
      `${row.name}: unknown option 'bogusOption'; valid options: ${quoted(row.known)}`,
    )
  })

  it.each(rows.flatMap((row) => row.known.map((key) => ({ ...row, key }))))(
    '$preset names $key for a typo of it',
    (row) => {
      const options = { ...base(row), [typo(row.key)]: 'x' }
      delete options[row.key]
      const error = configError(call(row.preset, options))
      expect(error.message).toBe(
        `${row.name}: unknown option '${typo(row.key)}'; did you mean '${row.key}'?`,
      )
    },
  )

  const withRequired = rows.filter((r): r is Row & { required: [string, string] } => !!r.required)

  it.each(withRequired)('$preset names its missing $required.0 and what it is', (row) => {
    const [key, what] = row.required
    expect(configError(call(row.preset, {})).message).toBe(
      `${row.name}: ${key} is required (${what})`,
    )
    expect(configError(call(row.preset, { [key]: [] })).message).toBe(
      `${row.name}: ${key} is required (${what})`,
    )
  })

  it.each(withRequired.flatMap((row) => ['', '   ', '\n'].map((blank) => ({ ...row, blank }))))(
    '$preset rejects a blank $required.0 (%#)',
    (row) => {
      const [key, what] = row.required
      expect(configError(call(row.preset, { [key]: row.blank })).message).toBe(
        `${row.name}: ${key} is empty or whitespace only: set it to ${what} (is its environment variable set?)`,
      )
    },
  )

  const further = rows.flatMap((row) =>
    (row.alsoRequired ?? []).map(([key, what]) => ({ ...row, key, what })),
  )

  it.each(further)('$preset names its missing $key and what it is', (row) => {
    const options = base(row)
    delete options[row.key]
    expect(configError(call(row.preset, options)).message).toBe(
      `${row.name}: ${row.key} is required (${row.what})`,
    )
  })

  it.each(further)('$preset rejects a blank $key', (row) => {
    expect(configError(call(row.preset, { ...base(row), [row.key]: ' ' })).message).toBe(
      `${row.name}: ${row.key} is empty or whitespace only: set it to ${row.what} (is its environment variable set?)`,
    )
  })

  it.each(rows)('$preset rejects a call without an options object', (row) => {
    expect(configError(call(row.preset, undefined)).message).toBe(
      `${row.name}: an options object is required`,
    )
  })
})

describe('the messages a newcomer meets', () => {
  it('stripe({ tolerence }) names tolerance', () => {
    const error = configError(() => presets.stripe({ secret: 'whsec_x', tolerence: 60 } as never))
    expect(error.message).toBe("stripe: unknown option 'tolerence'; did you mean 'tolerance'?")
  })

  it('stripe({ signingSecret }) names secret, not "secret is required"', () => {
    const error = configError(() => presets.stripe({ signingSecret: 'whsec_x' } as never))
    expect(error.message).toBe("stripe: unknown option 'signingSecret'; did you mean 'secret'?")
  })

  it('stripe() without secret says secret is required', () => {
    expect(configError(() => presets.stripe({} as never)).message).toMatch(
      /^stripe: secret is required \(/,
    )
  })

  it('github({ secret, tolerance }) names the valid options', () => {
    const error = configError(() => presets.github({ secret: 's', tolerance: 300 } as never))
    expect(error.message).toBe("github: unknown option 'tolerance'; valid options: 'secret'")
  })

  it('github({ tolerance }) says secret is required and names the valid options', () => {
    const error = configError(() => presets.github({ tolerance: 300 } as never))
    expect(error.message).toBe(
      "github: secret is required (the webhook secret); unknown option 'tolerance' (valid options: 'secret')",
    )
  })

  it('sendgrid({ secret }) asks for publicKey', () => {
    const error = configError(() => presets.sendgrid({ secret: 'abc' } as never))
    expect(error.message).toMatch(
      /^sendgrid: publicKey is required \(the verification key from SendGrid's Mail Settings\)/,
    )
  })

  it('a blank secret in a rotation list is rejected without echoing the others', () => {
    const error = configError(() => presets.stripe({ secret: ['whsec_live', '  '] }))
    expect(error.message).toBe(
      'stripe secrets: a value is empty or whitespace only (is its environment variable set?)',
    )
  })

  it('monime checks the blank secret or key it was given', () => {
    expect(configError(() => presets.monime({ secret: ' ' })).message).toMatch(
      /^monime: secret is empty or whitespace only/,
    )
    expect(configError(() => presets.monime({ publicKey: '' })).message).toMatch(
      /^monime: publicKey is empty or whitespace only/,
    )
  })

  it('asana and notion check a blank secret they were given (it is optional before setup)', () => {
    expect(configError(() => presets.asana({ secret: ' ' })).message).toBe(
      'asana: secret is empty or whitespace only: set it to the X-Hook-Secret of the handshake (is its environment variable set?)',
    )
    expect(configError(() => presets.notion({ secret: '' })).message).toBe(
      "notion: secret is empty or whitespace only: set it to the subscription's verification_token (is its environment variable set?)",
    )
  })
})

describe('solvimon nested options', () => {
  const secret = 'solvimon-secret'

  it.each([
    [
      'a typo in basicAuth',
      { basicAuth: { user: 'u', password: 'p' } },
      "solvimon basicAuth: unknown option 'user'; did you mean 'username'?",
    ],
    [
      'an unknown key in a basicAuth list',
      { basicAuth: [{ username: 'u', password: 'p', realm: 'x' }] },
      "solvimon basicAuth: unknown option 'realm'; valid options: 'username', 'password', 'id', 'notBefore', 'notAfter'",
    ],
    [
      'a basicAuth that is not an object',
      { basicAuth: 'user:password' },
      'solvimon: basicAuth must be { username, password }',
    ],
    [
      'a blank password',
      { basicAuth: { username: 'u', password: '  ' } },
      "solvimon basicAuth: password is empty or whitespace only: set it to the webhook's password (is its environment variable set?)",
    ],
    [
      'a missing username',
      { basicAuth: { password: 'p' } },
      "solvimon basicAuth: username is required (the webhook's username)",
    ],
    [
      'an unknown key in apiKey',
      { apiKey: { header: 'x-api-key', value: 'k' } },
      "solvimon apiKey: unknown option 'value'; valid options: 'header', 'key'",
    ],
    [
      'a typo in apiKey',
      { apiKey: { headr: 'x-api-key', key: 'k' } },
      "solvimon apiKey: unknown option 'headr'; did you mean 'header'?",
    ],
    [
      'a blank api key',
      { apiKey: { header: 'x-api-key', key: '' } },
      "solvimon apiKey: key is empty or whitespace only: set it to the webhook's api_key (is its environment variable set?)",
    ],
  ])('rejects %s', (_name, options, message) => {
    const error = configError(() => presets.solvimon({ secret, ...options } as never))
    expect(error.message).toBe(message)
  })

  it('fromWebhook rejects a blank password and unknown options', () => {
    const webhook = {
      secret_key: secret,
      authentication_type: 'PASSWORD',
      username: 'u',
      password: ' ',
    }
    expect(configError(() => presets.solvimon.fromWebhook(webhook)).message).toBe(
      'solvimon.fromWebhook: password is required',
    )
    expect(
      configError(() =>
        presets.solvimon.fromWebhook({ secret_key: secret }, { tolerence: 5 } as never),
      ).message,
    ).toBe("solvimon.fromWebhook options: unknown option 'tolerence'; did you mean 'tolerance'?")
  })
})
