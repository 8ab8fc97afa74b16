/**
 * Everything the hardening suite fuzzes: each built-in check in its formats, the combinators and
 * every preset, with secrets that are distinctive canaries, and a description of the headers its
 * sender writes, from which the model (`model.ts`) is built.
 */
import { createHash, createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import {
  allOf,
  anyOf,
  apiKey,
  basicAuth,
  ecdsa,
  ed25519,
  hmac,
  jws,
  presets,
  rsa,
  type Check,
} from '@hookwarden/core'
import { signRequest } from '@hookwarden/core/testing'
import twilioSdk from 'twilio'
import {
  CURVE_ORDER,
  HALF,
  decodeAs,
  encodeAs,
  encodingsOf,
  fromDer,
  joinP1363,
  splitP1363,
  toDer,
  type Encoding,
} from './encoding.js'
import type { Decoys } from './mutations.js'
import type { HeaderState, HeaderValue, Judge, Judgement, Slot, State } from './model.js'

/** Verifier clock, and when every genuine delivery was signed (two seconds earlier). */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
export const SIGNED_AT = NOW - 2_000
export const URL_SIGNED = 'https://hooks.example.com/webhooks/in?source=fuzz&path=%2Fa%3Ab&x=1'
export const METHOD = 'POST'

export type Family =
  'hmac' | 'basicAuth' | 'apiKey' | 'ecdsa' | 'ed25519' | 'jws' | 'rsa' | 'combinator'
type Curve = 'P-256' | 'P-384' | 'P-521'

export interface SigSpec {
  readonly encodings: readonly Encoding[]
  /** `mac`; `ecdsa` with the curve, what the sender writes and the formats accepted; `ed25519`. */
  readonly kind:
    | { readonly alg: 'mac' }
    | {
        readonly alg: 'ecdsa'
        readonly curve: Curve
        readonly sent: 'der' | 'p1363'
        readonly accepted: readonly ('der' | 'p1363')[]
      }
    | { readonly alg: 'ed25519' }
    /** RSA (PKCS #1 v1.5 or PSS): nothing malleable to model. */
    | { readonly alg: 'rsa' }
  readonly prefix?: string
}

type TimestampFormat = 'unix' | 'unix-ms' | 'iso8601'
type ParamSpec =
  | { readonly kind: 'timestamp'; readonly format: TimestampFormat }
  | { readonly kind: 'id' }
  | { readonly kind: 'opaque' }

export type HeaderSpec =
  | { readonly name: string; readonly kind: 'timestamp'; readonly format: TimestampFormat }
  | { readonly name: string; readonly kind: 'id' }
  | {
      readonly name: string
      readonly kind: 'credential'
      readonly compare: 'exact' | 'basic' | { readonly prefix: string }
    }
  | { readonly name: string; readonly kind: 'signature'; readonly sig: SigSpec }
  | {
      readonly name: string
      readonly kind: 'list'
      /**
       * `pairs` (`key=value`), `tokens` (`key,value` separated by spaces), or `positional`: a comma
       * list without keys whose first entry is that parameter and every later one a signature.
       */
      readonly format:
        | { readonly pairs: string; readonly separator?: string }
        | { readonly tokens: string }
        | { readonly positional: ParamSpec }
      readonly sig: SigSpec
      readonly params?: Readonly<Record<string, ParamSpec>>
    }
  | {
      readonly name: string
      readonly kind: 'jws'
      readonly alg: Curve | 'Ed25519' | 'HS256'
      /** The claims of a made-up token with the body's hex digest; default `iat` and `request_body_sha256`. */
      readonly claims?: (bodyHash: string, seed: Uint8Array) => Record<string, unknown>
    }
  /** Read by the check but not signed (a key id): any change is left open. */
  | { readonly name: string; readonly kind: 'selector' }

export interface SubjectSpec {
  readonly name: string
  readonly family: Family
  /** Share of `FUZZ_RUNS` this subject gets. */
  readonly share: number
  readonly check: Check
  readonly privateKey?: unknown
  readonly headers: readonly HeaderSpec[]
  /** Header names each alternative needs (anyOf); default: one alternative, every header. */
  readonly alternatives?: readonly (readonly string[])[]
  readonly bodySigned: boolean
  /** The URL is signed: as is, HubSpot's decoded form, or Twilio's (`:443` may be added). */
  readonly url?: 'exact' | 'hubspot' | 'twilio'
  /** What the sender signs of a body that is signed decoded (form parameters); see `State`. */
  readonly bodyCanonical?: (body: Uint8Array) => string | undefined
  /** The URL a body is delivered to; default `URL_SIGNED` (Twilio appends the body's hash). */
  readonly urlFor?: (body: Uint8Array) => string
  readonly method?: 'exact' | 'upper'
  /** Extra unsigned headers sent with the delivery. */
  readonly extraHeaders?: Readonly<Record<string, string>>
  /** Bodies for schemes that need a particular one (Linear signs its timestamp inside). */
  readonly bodies?: readonly Uint8Array[]
  /** Signs a body; default `signRequest(check, ...)` (anyOf: merge each branch's headers). */
  readonly sign?: (body: Uint8Array) => Promise<Record<string, string>>
  /** Secrets, passwords, private keys: must never show in an error. */
  readonly canaries: readonly string[]
}

// ---- keys and canaries -------------------------------------------------------------------------

const canary = (name: string) => `hkc-${name}-S3cr3t-9Qz`
const whsec = (name: string) => `whsec_${Buffer.from(canary(name)).toString('base64')}`

function pemPair(
  kind: 'ec' | 'ed25519' | 'rsa',
  curve?: Curve,
): { publicPem: string; privatePem: string; privateKey: KeyObject; publicKey: KeyObject } {
  const pair =
    kind === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: curve ?? 'P-256' })
      : kind === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519')
  return {
    publicPem: pair.publicKey.export({ format: 'pem', type: 'spki' }) as string,
    privatePem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
  }
}

export const KEYS = {
  p256: pemPair('ec', 'P-256'),
  p256b: pemPair('ec', 'P-256'),
  p384: pemPair('ec', 'P-384'),
  p521: pemPair('ec', 'P-521'),
  ed: pemPair('ed25519'),
  rsa: pemPair('rsa'),
}

/** What of a private key must never leak: the PEM body lines and the JWK `d`. */
export function privateCanaries(pair: { privatePem: string; privateKey: KeyObject }): string[] {
  const d = pair.privateKey.export({ format: 'jwk' }).d!
  return [d, ...pair.privatePem.split('\n').filter((line) => line.length > 40)]
}

const jwkOf = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid })

// ---- bodies ------------------------------------------------------------------------------------

const utf8 = (text: string) => new TextEncoder().encode(text)
export const BODY_CANARY = 'hkc-body-Pl41nt3xt-7Wm'

export const BODIES: readonly Uint8Array[] = [
  utf8(`{"event":"invoice.paid","note":"${BODY_CANARY}","amount":4200,"name":"Zoë 😀"}`),
  new Uint8Array([0x7b, 0x00, 0xff, 0xfe, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x0a, 0x7d]),
  new Uint8Array(0),
  utf8('[' + '1,'.repeat(40) + '1]'),
  utf8('Cafe\u0301 \u212b \ufb01 \u2028 ok'),
]

const linearBodies = [0, 1].map((i) =>
  utf8(
    `{"action":"create","type":"Issue","data":{"id":"${BODY_CANARY}-${i}"},"webhookTimestamp":${SIGNED_AT}}`,
  ),
)

// ---- form bodies (Twilio, Mandrill) ----------------------------------------------------------

/** As the senders post: each pair %-encoded, spaces as `+`. */
const formBody = (pairs: readonly (readonly [string, string])[]) =>
  utf8(
    pairs
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%20/g, '+')}`)
      .join('&'),
  )

const FORM_BODIES: readonly Uint8Array[] = [
  formBody([
    ['CallSid', 'CA1234567890ABCDE'],
    ['From', '+14155550100'],
    ['To', '+14155550199'],
    ['Body', `Hello wörld & more ${BODY_CANARY} 😀`],
    ['Digits', ''],
  ]),
  formBody([
    ['MediaUrl', 'https://b.example/2?x=1'],
    ['MediaUrl', 'https://a.example/1'],
    ['MediaUrl', 'https://b.example/2?x=1'],
    ['Note', 'a=b;c,d'],
  ]),
  new Uint8Array(0),
]

const MANDRILL_BODIES: readonly Uint8Array[] = [
  formBody([
    ['mandrill_events', `[{"event":"send","msg":{"subject":"Zoë & co","note":"${BODY_CANARY}"}}]`],
  ]),
  formBody([
    ['mandrill_events', '[{"event":"open","ts":1700000000}]'],
    ['extra', 'a+b=c'],
  ]),
]

/**
 * A form body's parameters as `URLSearchParams` decodes them (lenient: the library may refuse
 * what this reads), and the text a form-signing sender signs after the URL: each name and value,
 * names in UTF-16 order. The scheme does not bind where a name ends (`ab=c` and `a=bc` sign the
 * same text), so the text, not the pairs, is what a body must keep.
 */
function formSigned(body: Uint8Array, names: 'distinct' | 'unique'): string | undefined {
  const params = new Map<string, string[]>()
  for (const [name, value] of new URLSearchParams(new TextDecoder().decode(body))) {
    const values = params.get(name)
    if (values === undefined) params.set(name, [value])
    else if (names === 'unique') return undefined
    else values.push(value)
  }
  return [...params.keys()]
    .sort()
    .flatMap((name) => [...new Set(params.get(name))].sort().map((value) => name + value))
    .join('')
}

/** A form body as the twilio SDK takes it: repeated names as arrays. */
function formObject(body: Uint8Array): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of new URLSearchParams(new TextDecoder().decode(body))) {
    const seen = out[name]
    out[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value]
  }
  return out
}

// ---- the subjects ------------------------------------------------------------------------------

const rotating = (name: string) => [
  { value: canary(name), id: 'current' },
  { value: canary(`${name}-previous`), id: 'previous' },
]
const secretCanaries = (name: string) => [canary(name), canary(`${name}-previous`)]

const mac = (encodings: Encoding | readonly Encoding[], prefix?: string): SigSpec => ({
  encodings: typeof encodings === 'string' ? [encodings] : encodings,
  kind: { alg: 'mac' },
  ...(prefix === undefined ? {} : { prefix }),
})
const sigHeader = (name: string, sig: SigSpec): HeaderSpec => ({ name, kind: 'signature', sig })
const unixHeader = (name: string): HeaderSpec => ({ name, kind: 'timestamp', format: 'unix' })

interface HmacPreset {
  readonly preset: string
  readonly make: (secret: ReturnType<typeof rotating>) => Check
  readonly headers: readonly HeaderSpec[]
  readonly url?: 'exact' | 'hubspot'
  readonly method?: 'exact' | 'upper'
  readonly extraHeaders?: Readonly<Record<string, string>>
  readonly bodies?: readonly Uint8Array[]
}

const hmacPresets: readonly HmacPreset[] = [
  {
    preset: 'calendly',
    make: (secret) => presets.calendly({ secret }),
    headers: [
      {
        name: 'calendly-webhook-signature',
        kind: 'list',
        format: { pairs: 'v1' },
        sig: mac('hex'),
        params: { t: { kind: 'timestamp', format: 'unix' } },
      },
    ],
  },
  {
    preset: 'coinbaseCommerce',
    make: (secret) => presets.coinbaseCommerce({ secret }),
    headers: [sigHeader('x-cc-webhook-signature', mac('hex'))],
  },
  {
    preset: 'docusign',
    make: (secret) => presets.docusign({ secret }),
    headers: [sigHeader('x-docusign-signature-1', mac('base64'))],
  },
  {
    preset: 'equalsMoney',
    make: (secret) => presets.equalsMoney({ secret }),
    headers: [sigHeader('x-em-signature', mac(['base64', 'base64url']))],
  },
  {
    preset: 'asana',
    make: (secret) => presets.asana({ secret }),
    headers: [sigHeader('x-hook-signature', mac('hex'))],
  },
  {
    preset: 'dropbox',
    make: (secret) => presets.dropbox({ secret }),
    headers: [sigHeader('x-dropbox-signature', mac('hex'))],
  },
  {
    preset: 'github',
    make: (secret) => presets.github({ secret }),
    headers: [sigHeader('x-hub-signature-256', mac('hex', 'sha256='))],
  },
  {
    preset: 'hubspot',
    make: (secret) => presets.hubspot({ secret }),
    headers: [
      sigHeader('x-hubspot-signature-v3', mac('base64')),
      { name: 'x-hubspot-request-timestamp', kind: 'timestamp', format: 'unix-ms' },
    ],
    url: 'hubspot',
    method: 'upper',
  },
  {
    preset: 'intercom',
    make: (secret) => presets.intercom({ secret }),
    headers: [sigHeader('x-hub-signature', mac('hex', 'sha1='))],
  },
  {
    preset: 'meta',
    make: (secret) => presets.meta({ secret }),
    headers: [sigHeader('x-hub-signature-256', mac('hex', 'sha256='))],
  },
  {
    preset: 'lemonSqueezy',
    make: (secret) => presets.lemonSqueezy({ secret }),
    headers: [sigHeader('x-signature', mac('hex'))],
  },
  {
    preset: 'linear',
    make: (secret) => presets.linear({ secret }),
    headers: [sigHeader('linear-signature', mac('hex'))],
    bodies: linearBodies,
  },
  {
    preset: 'lune',
    make: (secret) => presets.lune({ secret }),
    headers: [
      {
        name: 'lune-hmac',
        kind: 'list',
        format: { pairs: 'v1' },
        sig: mac(['base64', 'hex']),
        params: { timestamp: { kind: 'timestamp', format: 'unix' } },
      },
    ],
  },
  {
    preset: 'monime',
    make: (secret) => presets.monime({ secret }),
    headers: [
      {
        name: 'monime-signature',
        kind: 'list',
        format: { pairs: 'v1' },
        sig: mac('base64'),
        params: { t: { kind: 'timestamp', format: 'unix' } },
      },
    ],
  },
  {
    preset: 'orb',
    make: (secret) => presets.orb({ secret }),
    headers: [
      {
        name: 'x-orb-signature',
        kind: 'list',
        format: { pairs: 'v1', separator: ' ' },
        sig: mac('hex'),
      },
      // Orb's zone-optional ISO-8601, modelled as the strict form: a dropped zone only changes signed text.
      { name: 'x-orb-timestamp', kind: 'timestamp', format: 'iso8601' },
    ],
  },
  {
    preset: 'paddle',
    make: (secret) => presets.paddle({ secret }),
    headers: [
      {
        name: 'paddle-signature',
        kind: 'list',
        format: { pairs: 'h1', separator: ';' },
        sig: mac('hex'),
        params: { ts: { kind: 'timestamp', format: 'unix' } },
      },
    ],
  },
  {
    preset: 'shopify',
    make: (secret) => presets.shopify({ secret }),
    headers: [sigHeader('x-shopify-hmac-sha256', mac('base64'))],
  },
  {
    preset: 'slack',
    make: (secret) => presets.slack({ secret }),
    headers: [
      sigHeader('x-slack-signature', mac('hex', 'v0=')),
      unixHeader('x-slack-request-timestamp'),
    ],
  },
  {
    preset: 'solvimon',
    make: (secret) => presets.solvimon({ secret }),
    headers: [
      {
        name: 'x-payload-signature',
        kind: 'list',
        format: { pairs: 'v1', separator: ',; \t' },
        sig: mac('hex'),
      },
      { name: 'x-payload-signature-timestamp', kind: 'timestamp', format: 'iso8601' },
    ],
  },
  {
    preset: 'square',
    make: (secret) => presets.square({ secret }),
    headers: [sigHeader('x-square-hmacsha256-signature', mac('base64'))],
    url: 'exact',
  },
  {
    preset: 'standardWebhooks',
    make: (secret) =>
      presets.standardWebhooks({
        secret: secret.map((s) => ({
          ...s,
          value: `whsec_${Buffer.from(s.value).toString('base64')}`,
        })),
      }),
    headers: [
      { name: 'webhook-signature', kind: 'list', format: { tokens: 'v1' }, sig: mac('base64') },
      { name: 'webhook-id', kind: 'id' },
      unixHeader('webhook-timestamp'),
    ],
  },
  {
    preset: 'stripe',
    make: (secret) => presets.stripe({ secret }),
    headers: [
      {
        name: 'stripe-signature',
        kind: 'list',
        format: { pairs: 'v1' },
        sig: mac('hex'),
        params: { t: { kind: 'timestamp', format: 'unix' } },
      },
    ],
  },
  {
    preset: 'twitch',
    make: (secret) => presets.twitch({ secret }),
    headers: [
      sigHeader('twitch-eventsub-message-signature', mac('hex', 'sha256=')),
      { name: 'twitch-eventsub-message-id', kind: 'id' },
      { name: 'twitch-eventsub-message-timestamp', kind: 'timestamp', format: 'iso8601' },
    ],
    extraHeaders: { 'twitch-eventsub-message-type': 'notification' },
  },
  {
    preset: 'typeform',
    make: (secret) => presets.typeform({ secret }),
    headers: [sigHeader('typeform-signature', mac('base64', 'sha256='))],
  },
  {
    preset: 'vercel',
    make: (secret) => presets.vercel({ secret }),
    headers: [sigHeader('x-vercel-signature', mac('hex'))],
  },
  {
    preset: 'wooCommerce',
    make: (secret) => presets.wooCommerce({ secret }),
    headers: [sigHeader('x-wc-webhook-signature', mac('base64'))],
  },
  {
    preset: 'zoom',
    make: (secret) => presets.zoom({ secret }),
    headers: [sigHeader('x-zm-signature', mac('hex', 'v0=')), unixHeader('x-zm-request-timestamp')],
  },
  {
    preset: 'razorpay',
    make: (secret) => presets.razorpay({ secret }),
    headers: [sigHeader('x-razorpay-signature', mac('hex'))],
  },
  {
    preset: 'checkoutCom',
    make: (secret) => presets.checkoutCom({ secret }),
    headers: [sigHeader('cko-signature', mac('hex'))],
  },
  {
    preset: 'goCardless',
    make: (secret) => presets.goCardless({ secret }),
    headers: [sigHeader('webhook-signature', mac('hex'))],
  },
  {
    preset: 'paystack',
    make: (secret) => presets.paystack({ secret }),
    headers: [sigHeader('x-paystack-signature', mac('hex'))],
  },
  {
    preset: 'airwallex',
    make: (secret) => presets.airwallex({ secret }),
    headers: [
      sigHeader('x-signature', mac('hex')),
      { name: 'x-timestamp', kind: 'timestamp', format: 'unix-ms' },
    ],
  },
  {
    preset: 'bitbucket',
    make: (secret) => presets.bitbucket({ secret }),
    headers: [sigHeader('x-hub-signature', mac('hex', 'sha256='))],
  },
  {
    preset: 'calCom',
    make: (secret) => presets.calCom({ secret }),
    headers: [sigHeader('x-cal-signature-256', mac('hex'))],
  },
  {
    preset: 'lago',
    make: (secret) => presets.lago({ secret }),
    headers: [sigHeader('x-lago-signature', mac('base64'))],
  },
  {
    preset: 'mux',
    make: (secret) => presets.mux({ secret }),
    headers: [
      {
        name: 'mux-signature',
        kind: 'list',
        format: { pairs: 'v1' },
        sig: mac('hex'),
        params: { t: { kind: 'timestamp', format: 'unix' } },
      },
    ],
  },
  {
    preset: 'notion',
    make: (secret) => presets.notion({ secret }),
    headers: [sigHeader('x-notion-signature', mac('hex', 'sha256='))],
  },
  {
    preset: 'openai',
    make: (secret) =>
      presets.openai({
        secret: secret.map((s) => ({
          ...s,
          value: `whsec_${Buffer.from(s.value).toString('base64')}`,
        })),
      }),
    headers: [
      { name: 'webhook-signature', kind: 'list', format: { tokens: 'v1' }, sig: mac('base64') },
      { name: 'webhook-id', kind: 'id' },
      unixHeader('webhook-timestamp'),
    ],
  },
  {
    preset: 'polar',
    make: (secret) => presets.polar({ secret: secret }),
    headers: [
      { name: 'webhook-signature', kind: 'list', format: { tokens: 'v1' }, sig: mac('base64') },
      { name: 'webhook-id', kind: 'id' },
      unixHeader('webhook-timestamp'),
    ],
  },
  {
    preset: 'replicate',
    make: (secret) =>
      presets.replicate({
        secret: secret.map((s) => ({
          ...s,
          value: `whsec_${Buffer.from(s.value).toString('base64')}`,
        })),
      }),
    headers: [
      { name: 'webhook-signature', kind: 'list', format: { tokens: 'v1' }, sig: mac('base64') },
      { name: 'webhook-id', kind: 'id' },
      unixHeader('webhook-timestamp'),
    ],
  },
  {
    preset: 'revolut',
    make: (secret) => presets.revolut({ secret }),
    headers: [
      { name: 'revolut-signature', kind: 'list', format: { pairs: 'v1' }, sig: mac('hex') },
      { name: 'revolut-request-timestamp', kind: 'timestamp', format: 'unix-ms' },
    ],
  },
  {
    preset: 'sentry',
    make: (secret) => presets.sentry({ secret }),
    headers: [sigHeader('sentry-hook-signature', mac('hex'))],
  },
  {
    preset: 'zendesk',
    make: (secret) => presets.zendesk({ secret }),
    headers: [
      sigHeader('x-zendesk-webhook-signature', mac('base64')),
      { name: 'x-zendesk-webhook-signature-timestamp', kind: 'timestamp', format: 'iso8601' },
    ],
  },
]

/** Presets fuzzed here, by name: a test checks every entry of `presets` appears. */
export function subjectSpecs(): SubjectSpec[] {
  const specs: SubjectSpec[] = []
  const wh = (name: string) => whsec(name)

  // hmac, in its formats
  specs.push(
    {
      name: 'hmac value hex with prefix',
      family: 'hmac',
      share: 0.2,
      check: hmac({
        header: 'x-signature',
        prefix: 'sha256=',
        encoding: 'hex',
        secrets: rotating('hmac-hex'),
      }),
      headers: [sigHeader('x-signature', mac('hex', 'sha256='))],
      bodySigned: true,
      canaries: secretCanaries('hmac-hex'),
    },
    {
      name: 'hmac value base64 sha1',
      family: 'hmac',
      share: 0.2,
      check: hmac({
        header: 'x-sig',
        encoding: 'base64',
        algorithm: 'sha1',
        secrets: rotating('hmac-sha1'),
      }),
      headers: [sigHeader('x-sig', mac('base64'))],
      bodySigned: true,
      canaries: secretCanaries('hmac-sha1'),
    },
    {
      name: 'hmac value base64url or hex, Base64 secret',
      family: 'hmac',
      share: 0.2,
      check: hmac({
        header: 'x-sig',
        encoding: ['base64url', 'hex'],
        secretEncoding: 'base64',
        secrets: Buffer.from(canary('hmac-b64secret')).toString('base64'),
      }),
      headers: [sigHeader('x-sig', mac(['base64url', 'hex']))],
      bodySigned: true,
      canaries: [
        canary('hmac-b64secret'),
        Buffer.from(canary('hmac-b64secret')).toString('base64'),
      ],
    },
    {
      name: 'hmac pairs with timestamp and id params',
      family: 'hmac',
      share: 0.2,
      check: hmac({
        header: 'x-sig',
        format: { pairs: 'v1' },
        timestamp: { param: 't' },
        id: { param: 'id' },
        content: '{id}.{timestamp}.{body}',
        encoding: ['hex', 'base64'],
        secrets: rotating('hmac-pairs'),
      }),
      headers: [
        {
          name: 'x-sig',
          kind: 'list',
          format: { pairs: 'v1' },
          sig: mac(['hex', 'base64']),
          params: { t: { kind: 'timestamp', format: 'unix' }, id: { kind: 'id' } },
        },
      ],
      bodySigned: true,
      canaries: secretCanaries('hmac-pairs'),
    },
    {
      name: 'hmac tokens with ms timestamp and id headers, whsec secret',
      family: 'hmac',
      share: 0.2,
      check: hmac({
        header: 'x-sig',
        format: { tokens: 'v1' },
        timestamp: { header: 'x-ts', format: 'unix-ms' },
        id: { header: 'x-id' },
        content: '{timestamp}:{id}:{body}',
        encoding: 'base64url',
        secretEncoding: 'whsec',
        secrets: wh('hmac-tokens'),
      }),
      headers: [
        { name: 'x-sig', kind: 'list', format: { tokens: 'v1' }, sig: mac('base64url') },
        { name: 'x-ts', kind: 'timestamp', format: 'unix-ms' },
        { name: 'x-id', kind: 'id' },
      ],
      bodySigned: true,
      canaries: [canary('hmac-tokens'), wh('hmac-tokens')],
    },
    {
      name: 'hmac pairs on several separators, ISO timestamp, signed method and URL',
      family: 'hmac',
      share: 0.2,
      check: hmac({
        header: 'x-sig',
        format: { pairs: 'sig', separator: ';, ' },
        timestamp: { header: 'x-ts', format: 'iso8601' },
        content: '{method} {url}\n{timestamp}\n{body}',
        encoding: 'hex',
        secrets: rotating('hmac-url'),
      }),
      headers: [
        {
          name: 'x-sig',
          kind: 'list',
          format: { pairs: 'sig', separator: ';, ' },
          sig: mac('hex'),
        },
        { name: 'x-ts', kind: 'timestamp', format: 'iso8601' },
      ],
      url: 'exact',
      method: 'exact',
      bodySigned: true,
      canaries: secretCanaries('hmac-url'),
    },
  )

  // every HMAC preset
  for (const p of hmacPresets) {
    specs.push({
      name: `preset ${p.preset}`,
      family: 'hmac',
      share: 0.25,
      check: p.make(rotating(p.preset)),
      headers: p.headers,
      bodySigned: true,
      ...(p.url ? { url: p.url } : {}),
      ...(p.method ? { method: p.method } : {}),
      ...(p.extraHeaders ? { extraHeaders: p.extraHeaders } : {}),
      ...(p.bodies ? { bodies: p.bodies } : {}),
      canaries:
        p.preset === 'standardWebhooks' || p.preset === 'openai' || p.preset === 'replicate'
          ? [
              ...secretCanaries(p.preset),
              ...rotating(p.preset).map((s) => `whsec_${Buffer.from(s.value).toString('base64')}`),
            ]
          : secretCanaries(p.preset),
    })
  }

  // credentials
  const basicCredentials = [
    { username: 'solvimon:user', password: canary('basic-pass'), id: 'a' },
    { username: 'other', password: canary('basic-pass-2'), id: 'b' },
  ]
  specs.push({
    name: 'basicAuth',
    family: 'basicAuth',
    share: 1,
    check: basicAuth({ credentials: basicCredentials }),
    headers: [{ name: 'authorization', kind: 'credential', compare: 'basic' }],
    bodySigned: false,
    canaries: [
      canary('basic-pass'),
      canary('basic-pass-2'),
      Buffer.from(`solvimon:user:${canary('basic-pass')}`).toString('base64'),
    ],
  })
  specs.push(
    {
      name: 'apiKey x-api-key',
      family: 'apiKey',
      share: 0.4,
      check: apiKey({ header: 'X-API-Key', keys: [canary('api-key'), canary('api-key-2')] }),
      headers: [{ name: 'x-api-key', kind: 'credential', compare: 'exact' }],
      bodySigned: false,
      canaries: [canary('api-key'), canary('api-key-2')],
    },
    {
      name: 'apiKey bearer',
      family: 'apiKey',
      share: 0.4,
      check: apiKey({ header: 'authorization', prefix: 'Bearer ', keys: canary('bearer') }),
      headers: [{ name: 'authorization', kind: 'credential', compare: { prefix: 'Bearer ' } }],
      bodySigned: false,
      canaries: [canary('bearer')],
    },
    {
      name: 'preset gitlab',
      family: 'apiKey',
      share: 0.3,
      check: presets.gitlab({ secret: canary('gitlab') }),
      headers: [{ name: 'x-gitlab-token', kind: 'credential', compare: 'exact' }],
      bodySigned: false,
      canaries: [canary('gitlab')],
    },
    {
      name: 'preset okta',
      family: 'apiKey',
      share: 0.3,
      check: presets.okta({ secret: canary('okta') }),
      headers: [{ name: 'authorization', kind: 'credential', compare: 'exact' }],
      bodySigned: false,
      canaries: [canary('okta')],
    },
    ...(['chargebee', 'postmark'] as const).map((name) => ({
      name: `preset ${name}`,
      family: 'basicAuth' as const,
      share: 0.2,
      check: presets[name]({ username: `${name}-user`, password: canary(`${name}-pass`) }),
      headers: [{ name: 'authorization', kind: 'credential' as const, compare: 'basic' as const }],
      bodySigned: false,
      canaries: [
        canary(`${name}-pass`),
        Buffer.from(`${name}-user:${canary(`${name}-pass`)}`).toString('base64'),
      ],
    })),
  )

  // combinators and composed presets
  const githubLike = hmac({
    header: 'x-hub-signature-256',
    prefix: 'sha256=',
    encoding: 'hex',
    secrets: canary('allof-hmac'),
  })
  const either = [
    basicAuth({ credentials: basicCredentials[0]! }),
    apiKey({ header: 'x-api-key', keys: canary('anyof-key') }),
  ] as const
  specs.push(
    {
      name: 'allOf(hmac, apiKey)',
      family: 'combinator',
      share: 0.15,
      check: allOf(githubLike, apiKey({ header: 'x-api-key', keys: canary('allof-key') })),
      headers: [
        sigHeader('x-hub-signature-256', mac('hex', 'sha256=')),
        { name: 'x-api-key', kind: 'credential', compare: 'exact' },
      ],
      bodySigned: true,
      canaries: [canary('allof-hmac'), canary('allof-key')],
    },
    {
      name: 'anyOf(basicAuth, apiKey), both sent',
      family: 'combinator',
      share: 0.15,
      check: anyOf(...either),
      sign: async (body) => ({
        ...(await signRequest(either[0], { body, timestamp: SIGNED_AT })).headers,
        ...(await signRequest(either[1], { body, timestamp: SIGNED_AT })).headers,
      }),
      headers: [
        { name: 'authorization', kind: 'credential', compare: 'basic' },
        { name: 'x-api-key', kind: 'credential', compare: 'exact' },
      ],
      alternatives: [['authorization'], ['x-api-key']],
      bodySigned: false,
      canaries: [canary('basic-pass'), canary('anyof-key')],
    },
    {
      name: 'preset solvimon with basic auth',
      family: 'combinator',
      share: 0.15,
      check: presets.solvimon({
        secret: rotating('solvimon-basic'),
        basicAuth: { username: 'a:b', password: canary('solvimon-pass') },
      }),
      headers: [
        {
          name: 'x-payload-signature',
          kind: 'list',
          format: { pairs: 'v1', separator: ',; \t' },
          sig: mac('hex'),
        },
        { name: 'x-payload-signature-timestamp', kind: 'timestamp', format: 'iso8601' },
        { name: 'authorization', kind: 'credential', compare: 'basic' },
      ],
      bodySigned: true,
      canaries: [...secretCanaries('solvimon-basic'), canary('solvimon-pass')],
    },
    {
      name: 'preset solvimon.fromWebhook with API key',
      family: 'combinator',
      share: 0.15,
      check: presets.solvimon.fromWebhook({
        secret_key: canary('solvimon-api'),
        previous_secret_key: canary('solvimon-api-previous'),
        secret_rolled_at: new Date(NOW - 3_600_000).toISOString(),
        authentication_type: 'API_KEY',
        api_header_field: 'X-API-KEY',
        api_key: canary('solvimon-key'),
      }),
      headers: [
        {
          name: 'x-payload-signature',
          kind: 'list',
          format: { pairs: 'v1', separator: ',; \t' },
          sig: mac('hex'),
        },
        { name: 'x-payload-signature-timestamp', kind: 'timestamp', format: 'iso8601' },
        { name: 'x-api-key', kind: 'credential', compare: 'exact' },
      ],
      bodySigned: true,
      canaries: [canary('solvimon-api'), canary('solvimon-api-previous'), canary('solvimon-key')],
    },
    {
      name: 'preset equalsMoney with authorizationHeader',
      family: 'combinator',
      share: 0.15,
      check: presets.equalsMoney({
        secret: canary('equals'),
        authorizationHeader: `Basic ${canary('equals-auth')}`,
      }),
      headers: [
        sigHeader('x-em-signature', mac(['base64', 'base64url'])),
        { name: 'authorization', kind: 'credential', compare: 'exact' },
      ],
      bodySigned: true,
      canaries: [canary('equals'), canary('equals-auth')],
    },
    {
      name: 'preset monime with static headers',
      family: 'combinator',
      share: 0.15,
      check: presets.monime({
        secret: canary('monime-hs'),
        headers: { 'x-api-key': canary('monime-key'), 'X-Tenant': 'tenant-1' },
      }),
      headers: [
        {
          name: 'monime-signature',
          kind: 'list',
          format: { pairs: 'v1' },
          sig: mac('base64'),
          params: { t: { kind: 'timestamp', format: 'unix' } },
        },
        { name: 'x-api-key', kind: 'credential', compare: 'exact' },
        { name: 'x-tenant', kind: 'credential', compare: 'exact' },
      ],
      bodySigned: true,
      canaries: [canary('monime-hs'), canary('monime-key')],
    },
  )
  for (const preset of ['svix', 'clerk', 'resend'] as const) {
    specs.push({
      name: `preset ${preset}`,
      family: 'combinator',
      share: 0.15,
      check: presets[preset]({ secret: [wh(preset), wh(`${preset}-previous`)] }),
      headers: [
        { name: 'svix-signature', kind: 'list', format: { tokens: 'v1' }, sig: mac('base64') },
        { name: 'svix-id', kind: 'id' },
        unixHeader('svix-timestamp'),
      ],
      bodySigned: true,
      canaries: [
        canary(preset),
        canary(`${preset}-previous`),
        wh(preset),
        wh(`${preset}-previous`),
      ],
    })
  }

  // ECDSA
  const ecdsaSig = (
    curve: Curve,
    sent: 'der' | 'p1363',
    accepted: readonly ('der' | 'p1363')[],
    encodings: readonly Encoding[],
  ): SigSpec => ({
    encodings,
    kind: { alg: 'ecdsa', curve, sent, accepted },
  })
  specs.push(
    {
      name: 'preset sendgrid',
      family: 'ecdsa',
      share: 0.2,
      check: presets.sendgrid({ publicKey: KEYS.p256.publicPem }),
      privateKey: KEYS.p256.privatePem,
      headers: [
        sigHeader(
          'x-twilio-email-event-webhook-signature',
          ecdsaSig('P-256', 'der', ['der'], ['base64']),
        ),
        unixHeader('x-twilio-email-event-webhook-timestamp'),
      ],
      bodySigned: true,
      canaries: privateCanaries(KEYS.p256),
    },
    {
      name: 'preset monime ES256',
      family: 'ecdsa',
      share: 0.2,
      check: presets.monime({ publicKey: KEYS.p256.publicPem }),
      privateKey: KEYS.p256.privatePem,
      headers: [
        {
          name: 'monime-signature',
          kind: 'list',
          format: { pairs: 'v1' },
          sig: ecdsaSig('P-256', 'der', ['der', 'p1363'], ['base64', 'base64url']),
          params: { t: { kind: 'timestamp', format: 'unix' } },
        },
      ],
      bodySigned: true,
      canaries: privateCanaries(KEYS.p256),
    },
    {
      name: 'ecdsa P-384 P1363 hex with timestamp header',
      family: 'ecdsa',
      share: 0.2,
      check: ecdsa({
        header: 'x-sig',
        encoding: 'hex',
        signatureFormat: 'p1363',
        timestamp: { header: 'x-ts' },
        content: '{timestamp}.{body}',
        keys: KEYS.p384.publicPem,
      }),
      privateKey: KEYS.p384.privatePem,
      headers: [
        sigHeader('x-sig', ecdsaSig('P-384', 'p1363', ['p1363'], ['hex'])),
        unixHeader('x-ts'),
      ],
      bodySigned: true,
      canaries: privateCanaries(KEYS.p384),
    },
    {
      name: 'ecdsa P-521 auto Base64url pairs',
      family: 'ecdsa',
      share: 0.2,
      check: ecdsa({
        header: 'x-sig',
        encoding: 'base64url',
        format: { pairs: 's' },
        timestamp: { param: 't' },
        content: '{timestamp}:{body}',
        keys: KEYS.p521.publicPem,
      }),
      privateKey: KEYS.p521.privatePem,
      headers: [
        {
          name: 'x-sig',
          kind: 'list',
          format: { pairs: 's' },
          sig: ecdsaSig('P-521', 'der', ['der', 'p1363'], ['base64url']),
          params: { t: { kind: 'timestamp', format: 'unix' } },
        },
      ],
      bodySigned: true,
      canaries: privateCanaries(KEYS.p521),
    },
    {
      name: 'ecdsa JWKS chosen by a key-id header',
      family: 'ecdsa',
      share: 0.2,
      check: ecdsa({
        header: 'x-sig',
        encoding: 'base64',
        keyId: { header: 'x-key-id' },
        keys: { keys: [jwkOf(KEYS.p256.publicKey, 'k1'), jwkOf(KEYS.p256b.publicKey, 'k2')] },
      }),
      privateKey: { ...KEYS.p256b.privateKey.export({ format: 'jwk' }), kid: 'k2' },
      headers: [
        sigHeader('x-sig', ecdsaSig('P-256', 'der', ['der', 'p1363'], ['base64'])),
        { name: 'x-key-id', kind: 'selector' },
      ],
      bodySigned: true,
      canaries: privateCanaries(KEYS.p256b),
    },
  )

  // Ed25519
  const edSig = (encodings: readonly Encoding[]): SigSpec => ({
    encodings,
    kind: { alg: 'ed25519' },
  })
  const edRaw = Buffer.from(KEYS.ed.publicKey.export({ format: 'jwk' }).x!, 'base64url')
  specs.push(
    {
      name: 'preset discord',
      family: 'ed25519',
      share: 0.34,
      check: presets.discord({ publicKey: edRaw.toString('hex') }),
      privateKey: KEYS.ed.privatePem,
      headers: [
        sigHeader('x-signature-ed25519', edSig(['hex'])),
        unixHeader('x-signature-timestamp'),
      ],
      bodySigned: true,
      canaries: privateCanaries(KEYS.ed),
    },
    {
      name: 'preset standardWebhooksAsymmetric',
      family: 'ed25519',
      share: 0.34,
      check: presets.standardWebhooksAsymmetric({ publicKey: `whpk_${edRaw.toString('base64')}` }),
      privateKey: KEYS.ed.privatePem,
      headers: [
        {
          name: 'webhook-signature',
          kind: 'list',
          format: { tokens: 'v1a' },
          sig: edSig(['base64']),
        },
        { name: 'webhook-id', kind: 'id' },
        unixHeader('webhook-timestamp'),
      ],
      bodySigned: true,
      canaries: privateCanaries(KEYS.ed),
    },
    {
      name: 'ed25519 value Base64url, JWK key',
      family: 'ed25519',
      share: 0.34,
      check: ed25519({
        header: 'x-sig',
        encoding: ['base64url', 'hex'],
        keys: jwkOf(KEYS.ed.publicKey, 'ed-1'),
      }),
      privateKey: KEYS.ed.privatePem,
      headers: [sigHeader('x-sig', edSig(['base64url', 'hex']))],
      bodySigned: true,
      canaries: privateCanaries(KEYS.ed),
    },
  )

  // RSA
  const rsaSig = (encodings: readonly Encoding[]): SigSpec => ({ encodings, kind: { alg: 'rsa' } })
  const paypalFixture = JSON.parse(
    readFileSync(new URL('../../vectors/rsa-certificate.json', import.meta.url), 'utf8'),
  ) as { certificate: string; privateKey: string }
  // PayPal's certificate host is the network: every URL the check accepts serves the test certificate.
  const paypalFetch = (async () =>
    new Response(paypalFixture.certificate, { status: 200 })) as typeof fetch
  specs.push(
    {
      name: 'rsa PKCS #1 v1.5 SHA-256 Base64, JWK key',
      family: 'rsa',
      share: 0.25,
      check: rsa({
        header: 'x-rsa-signature',
        encoding: 'base64',
        keys: jwkOf(KEYS.rsa.publicKey, 'rsa-1'),
      }),
      privateKey: KEYS.rsa.privatePem,
      headers: [sigHeader('x-rsa-signature', rsaSig(['base64']))],
      bodySigned: true,
      canaries: privateCanaries(KEYS.rsa),
    },
    {
      name: 'rsa PSS SHA-512 hex, id and timestamp',
      family: 'rsa',
      share: 0.25,
      check: rsa({
        header: 'x-rsa-signature',
        encoding: ['hex', 'base64'],
        padding: 'pss',
        hash: 'SHA-512',
        timestamp: { header: 'x-rsa-timestamp' },
        id: { header: 'x-rsa-id' },
        content: '{id}.{timestamp}.{body}',
        publicKey: KEYS.rsa.publicPem,
      }),
      privateKey: KEYS.rsa.privatePem,
      headers: [
        sigHeader('x-rsa-signature', rsaSig(['hex', 'base64'])),
        unixHeader('x-rsa-timestamp'),
        { name: 'x-rsa-id', kind: 'id' },
      ],
      bodySigned: true,
      canaries: privateCanaries(KEYS.rsa),
    },
    {
      name: 'preset wise',
      family: 'rsa',
      share: 0.25,
      check: presets.wise({ publicKey: KEYS.rsa.publicPem }),
      privateKey: KEYS.rsa.privatePem,
      headers: [sigHeader('x-signature-sha256', rsaSig(['base64']))],
      bodySigned: true,
      canaries: privateCanaries(KEYS.rsa),
    },
    {
      name: 'preset paypal',
      family: 'rsa',
      share: 0.25,
      check: presets.paypal({ webhookId: 'WH4J29H3LX1', fetch: paypalFetch }),
      privateKey: paypalFixture.privateKey,
      headers: [
        sigHeader('paypal-transmission-sig', rsaSig(['base64'])),
        { name: 'paypal-transmission-id', kind: 'id' },
        { name: 'paypal-transmission-time', kind: 'timestamp', format: 'iso8601' },
        // Read but unsigned: another accepted URL serves the same certificate, a refused one is
        // malformed; the algorithm name only gates. Left open.
        { name: 'paypal-cert-url', kind: 'selector' },
        { name: 'paypal-auth-algo', kind: 'selector' },
      ],
      bodySigned: true,
      canaries: paypalFixture.privateKey.split('\n').filter((line) => line.length > 40),
    },
  )
  // Adyen's header scheme (its notification scheme signs fields inside the body, which this
  // header model does not describe).
  const adyenKey = (name: string) => Buffer.from(canary(name)).toString('hex')
  specs.push({
    name: 'preset adyen header scheme',
    family: 'hmac',
    share: 0.03,
    check: presets.adyen({
      secret: [
        { value: adyenKey('adyen'), id: 'current' },
        { value: adyenKey('adyen-previous'), id: 'previous' },
      ],
      scheme: 'header',
    }),
    headers: [sigHeader('hmacsignature', mac('base64'))],
    bodySigned: true,
    canaries: [...secretCanaries('adyen'), adyenKey('adyen'), adyenKey('adyen-previous')],
  })

  // JWS
  specs.push(
    {
      name: 'preset plaid',
      family: 'jws',
      share: 0.5,
      check: presets.plaid({
        keys: [jwkOf(KEYS.p256.publicKey, 'plaid-1'), jwkOf(KEYS.p256b.publicKey, 'plaid-2')],
      }),
      privateKey: { ...KEYS.p256.privateKey.export({ format: 'jwk' }), kid: 'plaid-1' },
      headers: [{ name: 'plaid-verification', kind: 'jws', alg: 'P-256' }],
      bodySigned: true,
      canaries: privateCanaries(KEYS.p256),
    },
    {
      name: 'jws EdDSA',
      family: 'jws',
      share: 0.5,
      check: jws({
        header: 'x-jws',
        algorithms: ['EdDSA'],
        keys: jwkOf(KEYS.ed.publicKey, 'ed-1'),
      }),
      privateKey: { ...KEYS.ed.privateKey.export({ format: 'jwk' }), kid: 'ed-1' },
      headers: [{ name: 'x-jws', kind: 'jws', alg: 'Ed25519' }],
      bodySigned: true,
      canaries: privateCanaries(KEYS.ed),
    },
    {
      // Netlify: an HS256 JWT whose claims carry the body's digest, signed here with node:crypto.
      name: 'preset netlify',
      family: 'jws',
      share: 0.25,
      check: presets.netlify({ secret: rotating('netlify') }),
      sign: async (body) => {
        const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
        const digest = createHash('sha256').update(body).digest('hex')
        const input = `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({ iss: 'netlify', sha256: digest })}`
        const mac = createHmac('sha256', canary('netlify')).update(input).digest('base64url')
        return { 'x-webhook-signature': `${input}.${mac}` }
      },
      headers: [
        {
          name: 'x-webhook-signature',
          kind: 'jws',
          alg: 'HS256',
          claims: (bodyHash) => ({ iss: 'netlify', sha256: bodyHash }),
        },
      ],
      bodySigned: true,
      canaries: secretCanaries('netlify'),
    },
  )

  // Flutterwave accepts either header; each is a subject of its own, sending that header alone.
  specs.push(
    {
      name: 'preset flutterwave signature',
      family: 'hmac',
      share: 0.25,
      check: presets.flutterwave({ secret: rotating('flutterwave') }),
      sign: async (body) => ({
        'flutterwave-signature': createHmac('sha256', canary('flutterwave'))
          .update(body)
          .digest('base64'),
      }),
      headers: [sigHeader('flutterwave-signature', mac('base64'))],
      bodySigned: true,
      canaries: secretCanaries('flutterwave'),
    },
    {
      name: 'preset flutterwave verif-hash',
      family: 'apiKey',
      share: 0.3,
      check: presets.flutterwave({ secret: rotating('flutterwave-v3') }),
      sign: async () => ({ 'verif-hash': canary('flutterwave-v3') }),
      headers: [{ name: 'verif-hash', kind: 'credential', compare: 'exact' }],
      bodySigned: false,
      canaries: secretCanaries('flutterwave-v3'),
    },
  )

  // Twilio's JSON webhooks: the URL carries `bodySHA256` (hex SHA-256 of the body) and the
  // Base64 HMAC-SHA1 signs that URL alone; signed here with node:crypto. Form bodies, whose
  // parameters are signed decoded and sorted, are attacked in the preset's own tests.
  const twilioUrl = (body: Uint8Array) =>
    `${URL_SIGNED}&bodySHA256=${createHash('sha256').update(body).digest('hex')}`
  specs.push({
    name: 'preset twilio json',
    family: 'hmac',
    share: 0.25,
    check: presets.twilio({ secret: rotating('twilio') }),
    sign: async (body) => ({
      'x-twilio-signature': createHmac('sha1', canary('twilio'))
        .update(twilioUrl(body))
        .digest('base64'),
    }),
    headers: [sigHeader('x-twilio-signature', mac('base64'))],
    bodySigned: true,
    url: 'twilio',
    urlFor: twilioUrl,
    canaries: secretCanaries('twilio'),
  })

  // Twilio's form webhooks: the URL, then each parameter name and value (repeated names with
  // their distinct values sorted), names sorted; signed here with the twilio SDK.
  specs.push({
    name: 'preset twilio form',
    family: 'hmac',
    share: 0.25,
    check: presets.twilio({ secret: rotating('twilio-form') }),
    sign: async (body) => ({
      'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(
        canary('twilio-form'),
        URL_SIGNED,
        formObject(body),
      ),
    }),
    headers: [sigHeader('x-twilio-signature', mac('base64'))],
    bodySigned: true,
    bodyCanonical: (body) => formSigned(body, 'distinct'),
    bodies: FORM_BODIES,
    url: 'twilio',
    extraHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
    canaries: secretCanaries('twilio-form'),
  })

  // Mandrill: Base64 HMAC-SHA1 over the URL, then each name and value sorted by name (names
  // unique); signed here with node:crypto over that text written out.
  specs.push({
    name: 'preset mandrill',
    family: 'hmac',
    share: 0.25,
    check: presets.mandrill({ secret: rotating('mandrill') }),
    sign: async (body) => ({
      'x-mandrill-signature': createHmac('sha1', canary('mandrill'))
        .update(URL_SIGNED + formSigned(body, 'unique'))
        .digest('base64'),
    }),
    headers: [sigHeader('x-mandrill-signature', mac('base64'))],
    bodySigned: true,
    bodyCanonical: (body) => formSigned(body, 'unique'),
    bodies: MANDRILL_BODIES,
    url: 'exact',
    extraHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
    canaries: secretCanaries('mandrill'),
  })

  // Recurly: `<unix ms>,<hex>[,<hex>]`, a positional list, signed here with node:crypto.
  specs.push({
    name: 'preset recurly',
    family: 'hmac',
    share: 0.25,
    check: presets.recurly({ secret: rotating('recurly') }),
    sign: async (body) => {
      const ts = String(SIGNED_AT)
      const digest = createHmac('sha256', canary('recurly'))
        .update(Buffer.concat([Buffer.from(`${ts}.`), body]))
        .digest('hex')
      return { 'recurly-signature': `${ts},${digest}` }
    },
    headers: [
      {
        name: 'recurly-signature',
        kind: 'list',
        format: { positional: { kind: 'timestamp', format: 'unix-ms' } },
        sig: mac('hex'),
      },
    ],
    bodySigned: true,
    canaries: secretCanaries('recurly'),
  })
  return specs
}

// ---- building the model from a genuine delivery ------------------------------------------------

const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n

/** Ed25519 S + L: the same point equation, a non-canonical S that RFC 8032 makes verifiers reject. */
function ed25519Malleate(sig: Uint8Array): Uint8Array {
  const s = BigInt('0x' + Buffer.from(sig.subarray(32)).reverse().toString('hex'))
  const sl = (s + ED25519_L).toString(16).padStart(64, '0')
  const out = new Uint8Array(64)
  out.set(sig.subarray(0, 32))
  out.set(Buffer.from(sl, 'hex').reverse(), 32)
  return out
}

function expand(seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let block = Buffer.from(seed)
  for (let i = 0; i < length; i += 64) {
    block = createHash('sha512').update(block).digest()
    out.set(block.subarray(0, Math.min(64, length - i)), i)
  }
  return out
}

interface SignatureInfo {
  bytes: Uint8Array
  judge: Judge
  shape: (seed: Uint8Array) => string
  malleated: string | undefined
}

/** The genuine signature `text` (as the sender wrote it) and how to judge a candidate. */
function signatureInfo(text: string, sig: SigSpec, structural: RegExp | undefined): SignatureInfo {
  const prefix = sig.prefix ?? ''
  const sent = sig.encodings[0]!
  const bytes = decodeAs(text.slice(prefix.length), sent)
  if (encodeAs(bytes, sent).toLowerCase() !== text.slice(prefix.length).toLowerCase()) {
    throw new Error(`the sender's signature ${text} is not canonical ${sent}`)
  }
  const variants: Uint8Array[] = [bytes]
  let malleatedBytes: Uint8Array | undefined
  /** ECDSA (r, n - s) in every accepted form: the same signed content, so left open. */
  const malleatedVariants: Uint8Array[] = []
  const kind = sig.kind
  if (kind.alg === 'ecdsa') {
    const [r, s] = kind.sent === 'der' ? fromDer(bytes) : splitP1363(bytes)
    const half = HALF[kind.curve]
    const forms = (rr: bigint, ss: bigint) =>
      kind.accepted.map((f) => (f === 'der' ? toDer(rr, ss) : joinP1363(rr, ss, half)))
    variants.splice(0, 1, ...forms(r, s))
    const ms = CURVE_ORDER[kind.curve] - s
    malleatedBytes = kind.sent === 'der' ? toDer(r, ms) : joinP1363(r, ms, half)
    malleatedVariants.push(...forms(r, ms))
  } else if (kind.alg === 'ed25519') {
    malleatedBytes = ed25519Malleate(bytes)
  }
  const textsOf = (list: readonly Uint8Array[]) => {
    const hex = new Set<string>()
    const exact = new Set<string>()
    for (const variant of list) {
      const sets = encodingsOf(variant, sig.encodings)
      sets.hex.forEach((t) => hex.add(t))
      sets.exact.forEach((t) => exact.add(t))
    }
    return (candidate: string) => {
      if (!candidate.startsWith(prefix)) return false
      const rest = candidate.slice(prefix.length)
      return (
        exact.has(rest) ||
        (hex.size > 0 && /^[0-9a-fA-F]+$/.test(rest) && hex.has(rest.toLowerCase()))
      )
    }
  }
  const matches = textsOf(variants)
  const matchesMalleated = textsOf(malleatedVariants)
  const malleated =
    malleatedBytes === undefined ? undefined : prefix + encodeAs(malleatedBytes, sent)
  const exactly = (candidate: string): Judgement =>
    matches(candidate) ? 'same' : matchesMalleated(candidate) ? 'near' : 'different'
  const judge: Judge = (candidate) => {
    const judgement = exactly(candidate)
    if (judgement !== 'different') return judgement
    // Surrounding whitespace may be trimmed with the header or the pair: left open.
    if (candidate.trim() !== candidate && exactly(candidate.trim()) !== 'different') return 'near'
    if (structural?.test(candidate)) return 'near'
    return 'different'
  }
  const shape = (seed: Uint8Array): string => {
    if (kind.alg === 'ecdsa') {
      const rand = expand(seed, 2 * HALF[kind.curve])
      const [r, s] = splitP1363(rand)
      const n = CURVE_ORDER[kind.curve]
      const rr = (r % (n - 1n)) + 1n
      const ss = (s % (n - 1n)) + 1n
      return (
        prefix +
        encodeAs(kind.sent === 'der' ? toDer(rr, ss) : joinP1363(rr, ss, HALF[kind.curve]), sent)
      )
    }
    return prefix + encodeAs(expand(seed, bytes.length), sent)
  }
  return { bytes, judge, shape, malleated }
}

function plainJudge(
  genuine: string,
  normalize: (text: string) => string,
  structural?: RegExp,
): Judge {
  const normal = normalize(genuine)
  return (text) => {
    if (text === genuine) return 'same'
    if (normalize(text) === normal) return 'near'
    if (structural?.test(text)) return 'near'
    return 'different'
  }
}

const trimmed = (text: string) => text.trim()

function timestampShape(format: TimestampFormat): (seed: Uint8Array) => string {
  return (seed) => {
    const offset = ((seed[0]! << 8) | seed[1]!) * 4 // within about 3 minutes
    const ms = SIGNED_AT - offset + (seed[2]! % 2 === 0 ? 0 : 2 * offset)
    if (format === 'unix') return String(Math.floor(ms / 1000))
    if (format === 'unix-ms') return String(ms)
    return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
  }
}

function makeSlot(
  group: string | undefined,
  text: string,
  judge: Judge,
  extra: Partial<Pick<Slot, 'shape' | 'signature' | 'malleated'>> = {},
): Slot {
  return { group, genuine: text, judge, text, touched: false, decoy: false, ...extra }
}

function basicNormal(text: string): string {
  const parts = text.trim().split(/ +/)
  return [parts[0]?.toLowerCase(), ...parts.slice(1)].join(' ')
}

function credentialJudge(
  genuine: string,
  compare: 'exact' | 'basic' | { readonly prefix: string },
): Judge {
  if (compare === 'exact') return plainJudge(genuine, trimmed)
  if (compare === 'basic') return plainJudge(genuine, basicNormal)
  const n = compare.prefix.length
  return plainJudge(genuine, (t) => {
    const v = t.trim()
    return v.slice(0, n).toLowerCase() + v.slice(n)
  })
}

function credentialShape(
  compare: 'exact' | 'basic' | { readonly prefix: string },
): (seed: Uint8Array) => string {
  return (seed) => {
    const hex = Buffer.from(seed).toString('hex')
    if (compare === 'basic')
      return `Basic ${Buffer.from(`user${hex.slice(0, 4)}:${hex}`).toString('base64')}`
    return (typeof compare === 'object' ? compare.prefix : '') + hex
  }
}

function jwsInfo(
  token: string,
  spec: Extract<HeaderSpec, { kind: 'jws' }>,
  body: Uint8Array,
): { judge: Judge; shape: (seed: Uint8Array) => string; malleated: string | undefined } {
  const [head, claims, sig] = token.split('.') as [string, string, string]
  const bytes = decodeAs(sig, 'base64url')
  const alg = spec.alg
  // HS256 has no second signature over the same input; Ed25519 S + L must be rejected.
  let malleatedBytes: Uint8Array | undefined
  let near = false
  if (alg === 'Ed25519') malleatedBytes = ed25519Malleate(bytes)
  else if (alg !== 'HS256') {
    const [r, s] = splitP1363(bytes)
    malleatedBytes = joinP1363(r, CURVE_ORDER[alg] - s, HALF[alg])
    near = true
  }
  const malleated = malleatedBytes && `${head}.${claims}.${encodeAs(malleatedBytes, 'base64url')}`
  const judge: Judge = (text) => {
    if (text === token) return 'same'
    const t = text.trim()
    if (t === token || (near && t === malleated)) return 'near'
    return 'different'
  }
  // A well-formed token with the right body hash and a fresh iat, and a random signature: it
  // reaches the signature verification.
  const bodyHash = createHash('sha256').update(body).digest('hex')
  const madeUp =
    spec.claims ??
    ((hash: string, seed: Uint8Array) => ({
      iat: Math.floor(SIGNED_AT / 1000) - (seed[0]! % 60),
      request_body_sha256: hash,
    }))
  const shape = (seed: Uint8Array) => {
    const claimsJson = JSON.stringify(madeUp(bodyHash, seed))
    return `${head}.${Buffer.from(claimsJson).toString('base64url')}.${encodeAs(expand(seed, bytes.length), 'base64url')}`
  }
  return { judge, shape, malleated }
}

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, (c) => `\\${c}`)
}

/** The model of a delivery `signed` (header name to value, lowercase, as `signRequest` writes). */
export function buildState(
  spec: SubjectSpec,
  signed: Record<string, string>,
  body: Uint8Array,
): State {
  const headers: HeaderState[] = []
  const groups = new Map<string, string[]>() // header name -> groups it holds
  const seen = new Set<string>()
  for (const h of spec.headers) {
    const text = signed[h.name]
    if (text === undefined) throw new Error(`${spec.name}: the signer did not write ${h.name}`)
    seen.add(h.name)
    const held: string[] = []
    let value: HeaderValue
    let pad: 'neutral' | 'ambiguous' = 'ambiguous'
    switch (h.kind) {
      case 'timestamp':
        value = {
          kind: 'plain',
          slot: makeSlot(`ts:${h.name}`, text, plainJudge(text, trimmed), {
            shape: timestampShape(h.format),
          }),
        }
        held.push(`ts:${h.name}`)
        break
      case 'id':
        value = {
          kind: 'plain',
          slot: makeSlot(`id:${h.name}`, text, plainJudge(text, trimmed), {
            shape: (s) => `msg_${Buffer.from(s).toString('hex')}`,
          }),
        }
        held.push(`id:${h.name}`)
        break
      case 'credential':
        value = {
          kind: 'plain',
          slot: makeSlot(`cred:${h.name}`, text, credentialJudge(text, h.compare), {
            shape: credentialShape(h.compare),
          }),
        }
        held.push(`cred:${h.name}`)
        pad = h.compare === 'basic' ? 'ambiguous' : 'neutral'
        break
      case 'selector':
        // Unsigned but read: a changed or missing key id may or may not find a key. Left open.
        value = {
          kind: 'plain',
          slot: makeSlot(`sel:${h.name}`, text, (t) => (t === text ? 'same' : 'near')),
        }
        held.push(`sel:${h.name}`)
        break
      case 'signature': {
        const info = signatureInfo(text, h.sig, undefined)
        value = {
          kind: 'plain',
          slot: makeSlot(`sig:${h.name}`, text, info.judge, {
            shape: info.shape,
            signature: {
              bytes: info.bytes,
              encodings: h.sig.encodings,
              prefix: h.sig.prefix ?? '',
            },
            malleated: info.malleated,
          }),
        }
        held.push(`sig:${h.name}`)
        pad = 'neutral'
        break
      }
      case 'jws': {
        const info = jwsInfo(text, h, body)
        value = {
          kind: 'plain',
          slot: makeSlot(`sig:${h.name}`, text, info.judge, {
            shape: info.shape,
            malleated: info.malleated,
          }),
        }
        held.push(`sig:${h.name}`)
        pad = 'neutral'
        break
      }
      case 'list': {
        const format = h.format
        const positional = 'positional' in format ? format.positional : undefined
        const separator =
          'tokens' in format ? ' ' : 'pairs' in format ? (format.separator ?? ',') : ','
        const keySep = 'tokens' in format ? ',' : 'pairs' in format ? '=' : ''
        const structural = new RegExp(`[${escapeClass(separator + keySep)}\\s]`)
        const signatureKey =
          'tokens' in format ? format.tokens : 'pairs' in format ? format.pairs : ''
        // A positional list's head is modelled as a parameter under the empty key.
        const params = positional === undefined ? (h.params ?? {}) : { '': positional }
        const entries = text.split(separator[0]!).map((raw, index) => {
          const at = positional === undefined ? raw.indexOf(keySep) : -1
          const key = positional === undefined ? raw.slice(0, at) : ''
          const rest = raw.slice(at + 1)
          let slot: Slot
          if (positional === undefined ? key === signatureKey : index > 0) {
            const info = signatureInfo(rest, h.sig, structural)
            slot = makeSlot(`sig:${h.name}`, rest, info.judge, {
              shape: info.shape,
              signature: { bytes: info.bytes, encodings: h.sig.encodings, prefix: '' },
              malleated: info.malleated,
            })
          } else {
            const param = params[key]
            if (param === undefined) throw new Error(`${spec.name}: unexpected ${key} in ${h.name}`)
            if (param.kind === 'opaque') slot = makeSlot(undefined, rest, () => 'same')
            else {
              const group = `${param.kind === 'timestamp' ? 'ts' : 'id'}:${h.name}:${key}`
              const shape =
                param.kind === 'timestamp'
                  ? timestampShape(param.format)
                  : (s: Uint8Array) => `msg_${Buffer.from(s).toString('hex')}`
              slot = makeSlot(group, rest, plainJudge(rest, trimmed, structural), { shape })
            }
          }
          if (slot.group !== undefined && !held.includes(slot.group)) held.push(slot.group)
          return { key, genuineKey: key, keyOpen: false, slot, before: '', after: '' }
        })
        const template = entries.find((e) => e.slot.group === `sig:${h.name}`)?.slot
        if (template === undefined) throw new Error(`${spec.name}: no signature in ${h.name}`)
        if (positional !== undefined && entries[0]?.slot.group === undefined)
          throw new Error(`${spec.name}: the head of ${h.name} must be a timestamp or an id`)
        value = {
          kind: 'list',
          keySep,
          joiner: separator[0]!,
          structural,
          signatureKey,
          reservedKeys: new Set([signatureKey, ...Object.keys(params)]),
          template,
          head: positional === undefined ? undefined : entries[0]?.slot.group,
          entries,
        }
        pad = 'neutral'
        break
      }
    }
    groups.set(h.name, held)
    headers.push({
      name: h.name,
      canonical: h.name,
      value,
      pad,
      before: '',
      after: '',
      copies: 1,
      material: true,
    })
  }
  for (const name of Object.keys(signed)) {
    if (!seen.has(name))
      throw new Error(`${spec.name}: the signer wrote ${name}, which the spec does not describe`)
  }
  const extra = {
    'content-type': 'application/json',
    'user-agent': 'hookwarden-fuzz/1',
    ...spec.extraHeaders,
  }
  for (const [name, text] of Object.entries(extra)) {
    headers.push({
      name,
      canonical: name,
      value: { kind: 'plain', slot: makeSlot(undefined, text, () => 'same') },
      pad: 'neutral',
      before: '',
      after: '',
      copies: 1,
      material: false,
    })
  }

  const hubspotUri = (url: string) =>
    url.replace(/%(3[AFB]|2[FC1479A8]|40)/gi, (escape) => decodeURIComponent(escape))
  // Twilio signs the URL as configured, with or without the default port: both are tried.
  const defaultPort = (url: string) => url.replace(/^(https:\/\/[^/?#]*):443(?=[/?#]|$)/, '$1')
  const genuineUrl = spec.urlFor?.(body) ?? URL_SIGNED
  const urlJudge: Judge =
    spec.url === undefined
      ? () => 'same'
      : plainJudge(
          genuineUrl,
          spec.url === 'hubspot' ? hubspotUri : spec.url === 'twilio' ? defaultPort : (t) => t,
        )
  const methodJudge: Judge =
    spec.method === undefined
      ? () => 'same'
      : plainJudge(METHOD, spec.method === 'upper' ? (t) => t.toUpperCase() : (t) => t)
  const alternatives = (spec.alternatives ?? [spec.headers.map((h) => h.name)]).map((names) => [
    ...names.flatMap((name) => groups.get(name) ?? []),
    ...(spec.url ? ['url'] : []),
    ...(spec.method ? ['method'] : []),
  ])
  return {
    headers,
    body,
    genuineBody: body,
    bodySigned: spec.bodySigned,
    bodyCanonical: spec.bodyCanonical,
    method: makeSlot(spec.method ? 'method' : undefined, METHOD, methodJudge),
    url: makeSlot(spec.url ? 'url' : undefined, genuineUrl, urlJudge),
    container: 'record',
    bodyForm: 'bytes',
    ambiguous: false,
    alternatives,
    reserved: new Set(reservedNames(spec)),
  }
}

/** Every header name the subject's check reads, including other `anyOf` branches' ones. */
function reservedNames(spec: SubjectSpec): string[] {
  const names = spec.headers.map((h) => h.name)
  if (
    spec.name.startsWith('preset svix') ||
    spec.name.startsWith('preset clerk') ||
    spec.name.startsWith('preset resend')
  ) {
    names.push('webhook-signature', 'webhook-id', 'webhook-timestamp')
  }
  if (spec.name.startsWith('preset flutterwave')) names.push('flutterwave-signature', 'verif-hash')
  if (spec.name.startsWith('preset solvimon') || spec.name.startsWith('anyOf'))
    names.push('authorization', 'x-api-key')
  return names
}

export interface Genuine {
  readonly state: State
  readonly signed: Record<string, string>
  readonly body: Uint8Array
}

export interface Subject extends SubjectSpec {
  readonly genuine: readonly Genuine[]
  readonly decoys: Decoys
}

export async function signWith(
  spec: SubjectSpec,
  body: Uint8Array,
): Promise<Record<string, string>> {
  if (spec.sign) return spec.sign(body)
  const signed = await signRequest(spec.check, {
    body,
    timestamp: SIGNED_AT,
    id: `msg_${createHash('sha256').update(body).digest('hex').slice(0, 20)}`,
    method: METHOD,
    url: spec.urlFor?.(body) ?? URL_SIGNED,
    ...(spec.privateKey === undefined ? {} : { privateKey: spec.privateKey }),
  })
  return signed.headers
}

/** Signs the genuine deliveries and the decoys (signatures over other content, for extra entries). */
export async function prepare(spec: SubjectSpec): Promise<Subject> {
  const genuine: Genuine[] = []
  for (const body of spec.bodies ?? BODIES) {
    const signed = await signWith(spec, body)
    genuine.push({ state: buildState(spec, signed, body), signed, body })
  }
  const decoys = new Map<string, string[]>()
  for (const header of spec.headers) {
    if (header.kind !== 'list') continue
    const list: string[] = []
    for (const other of [utf8('decoy one'), utf8('decoy two')]) {
      const state = buildState(spec, await signWith(spec, other), other)
      const h = state.headers.find((x) => x.canonical === header.name)
      if (h?.value.kind !== 'list') continue
      for (const entry of h.value.entries)
        if (entry.slot.group === `sig:${header.name}`) list.push(entry.slot.text)
    }
    decoys.set(header.name, list)
  }
  return { ...spec, genuine, decoys }
}

export type { Judgement }
