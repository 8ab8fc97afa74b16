/**
 * HMAC signatures (RFC 2104): SHA-256, SHA-512, or SHA-1 for the senders that still use it.
 */
import { hmac as computeHmac, importHmacKey } from '#crypto'
import type { Check } from '../check.js'
import { WebhookConfigError } from '../errors.js'
import {
  decode,
  decodeBase64,
  decodeHex,
  encode,
  utf8,
  type SignatureEncoding,
} from '../lib/encoding.js'
import { checkOptions } from '../lib/options.js'
import { timingSafeEqual } from '../lib/timing-safe-equal.js'
import { signingEntry, toKeyEntries, type Secrets } from '../secrets.js'
import type { HashName, HmacKey } from '../crypto/types.js'
import {
  createSignatureCheck,
  decodeAny,
  encodingList,
  signatureOptionNames,
  type SignatureOptions,
} from './signature.js'

/**
 * How a secret string becomes key bytes: `'utf8'` (the default, what most senders do), `'base64'`,
 * `'hex'`, or `'whsec'` (Standard Webhooks: Base64 after an optional `whsec_` prefix).
 */
export type SecretEncoding = 'utf8' | 'base64' | 'hex' | 'whsec'

export interface HmacOptions extends SignatureOptions {
  /** One secret or several (rotation); each may carry `id`, `notBefore`, `notAfter`. */
  secrets: Secrets
  /** How signatures are written; several are tried strictly, by decoded length. Hex is case-insensitive. */
  encoding: SignatureEncoding | readonly SignatureEncoding[]
  /** Default `'sha256'`; `'sha512'` (Paystack); `'sha1'` only for old senders (Intercom, Vercel). */
  algorithm?: 'sha256' | 'sha512' | 'sha1'
  secretEncoding?: SecretEncoding
}

const OPTION_NAMES = /* @__PURE__ */ signatureOptionNames<HmacOptions>({
  secrets: true,
  encoding: true,
  algorithm: true,
  secretEncoding: true,
})

function secretBytes(
  value: string | Uint8Array,
  encoding: SecretEncoding,
  what: string,
): Uint8Array {
  let bytes: Uint8Array | undefined
  if (typeof value !== 'string') bytes = ArrayBuffer.isView(value) ? value : undefined
  else if (encoding === 'utf8') bytes = utf8(value)
  else if (encoding === 'hex') bytes = decodeHex(value)
  else
    bytes = decodeBase64(
      encoding === 'whsec' && value.startsWith('whsec_') ? value.slice(6) : value,
    )
  if (bytes === undefined) throw new WebhookConfigError(`${what}: secret is not valid ${encoding}`)
  if (bytes.length === 0) throw new WebhookConfigError(`${what}: secret is empty`)
  return bytes
}

/** Web Crypto hash name and MAC length in bytes per supported algorithm. */
const DIGESTS: Readonly<Record<string, { hash: HashName; length: number } | undefined>> = {
  sha256: { hash: 'SHA-256', length: 32 },
  sha512: { hash: 'SHA-512', length: 64 },
  sha1: { hash: 'SHA-1', length: 20 },
}

/** Index of the first signature equal to `mac` (constant time per comparison), or -1. */
function indexOf(mac: Uint8Array, signatures: readonly Uint8Array[]): number {
  for (let i = 0; i < signatures.length; i++) {
    const signature = signatures[i] // bounded by `i < signatures.length`: never undefined
    if (signature !== undefined && timingSafeEqual(mac, signature)) return i
  }
  return -1
}

/**
 * An HMAC signature check over a signed-content template.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH`, and the `TIMESTAMP_*`
 * codes when a timestamp is configured.
 *
 * @example
 * const check = hmac({
 *   header: 'stripe-signature', encoding: 'hex', secrets: process.env['SECRET'] ?? '',
 *   format: { pairs: 'v1' }, timestamp: { param: 't' }, content: '{timestamp}.{body}',
 * })
 * @see https://www.rfc-editor.org/rfc/rfc2104
 */
export function hmac(options: HmacOptions): Check {
  checkOptions(options, OPTION_NAMES, 'hmac')
  const what = options.name ?? 'hmac'
  const algorithm = options.algorithm ?? 'sha256'
  const digest = DIGESTS[algorithm]
  if (digest === undefined) {
    throw new WebhookConfigError(`${what}: algorithm must be 'sha256', 'sha512' or 'sha1'`)
  }
  const secretEncoding = options.secretEncoding ?? 'utf8'
  if (!['utf8', 'base64', 'hex', 'whsec'].includes(secretEncoding)) {
    throw new WebhookConfigError(
      `${what}: secretEncoding must be 'utf8', 'base64', 'hex' or 'whsec'`,
    )
  }
  const encodings = encodingList(options.encoding, what)
  const { hash, length } = digest
  const isMac = (bytes: Uint8Array): boolean => bytes.length === length
  const keys = toKeyEntries<string | Uint8Array, HmacKey>(
    options.secrets,
    `${what} secrets`,
    (value) => {
      if (typeof value !== 'string' && !ArrayBuffer.isView(value)) {
        throw new WebhookConfigError(`${what}: each secret must be a string or bytes`)
      }
      return importHmacKey(secretBytes(value, secretEncoding, what), hash)
    },
  )

  return createSignatureCheck(
    'hmac',
    { ...options, name: what },
    {
      keys,
      encodings,
      decode: (text) => decodeAny(text, encodings, decode, isMac),
      match(key, content, signatures) {
        // One MAC per secret, whatever the number of signatures in the header. Node's HMAC is
        // synchronous: no await then, so the hot path takes no extra tick.
        const mac = computeHmac(key, content)
        return mac instanceof Uint8Array
          ? indexOf(mac, signatures)
          : mac.then((m) => indexOf(m, signatures))
      },
      async sign(content, input) {
        const active = signingEntry(keys, input.timestamp)
        return encode(await computeHmac(active.key, content), encodings[0])
      },
    },
  )
}
