import { hmac as computeHmac, importHmacKey } from '#crypto'
import type { Check, CheckResult } from '../check.js'
import { hmac } from '../checks/hmac.js'
import type { HmacKey } from '../crypto/types.js'
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'
import { jsonObject } from '../lib/body-fields.js'
import { contentDigest } from '../lib/content-digest.js'
import { decodeBase64, decodeHex, utf8 } from '../lib/encoding.js'
import { presetOptions } from '../lib/preset.js'
import { timingSafeEqual } from '../lib/timing-safe-equal.js'
import { isActive, toKeyEntries, type KeyEntry, type Secrets } from '../secrets.js'

export interface AdyenOptions {
  /** The webhook's HMAC key from the Customer Area (hex); several while you roll to a new one. */
  secret: Secrets
  /**
   * `'notification'` (default): Standard webhooks, one signature per `NotificationRequestItem` in
   * `additionalData.hmacSignature`. `'header'`: webhooks signed in the `HmacSignature` header over
   * the raw body (Balance Platform, Management API and other newer webhooks).
   */
  scheme?: 'notification' | 'header'
}

/** Most items read from one batch: every one is verified, so the work stays bounded. */
const MAX_ITEMS = 100
const NEWLINE = /* @__PURE__ */ utf8('\n')

type Outcome =
  { readonly signed: Uint8Array; readonly signature: Uint8Array } | 'missing' | 'malformed'

/** A signed field as Adyen's libraries write it (`Array#join`): absent is empty, numbers as `String`. */
function field(value: unknown): string | undefined {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
    return String(value)
  return undefined
}

const SIGNED_FIELDS = [
  'pspReference',
  'originalReference',
  'merchantAccountCode',
  'merchantReference',
] as const

/** The signed string and the received signature of one `NotificationRequestItem`. */
function readItem(entry: unknown): Outcome {
  const item =
    typeof entry === 'object' && entry !== null
      ? (entry as { NotificationRequestItem?: unknown }).NotificationRequestItem
      : undefined
  if (typeof item !== 'object' || item === null) return 'malformed'
  const fields = item as Record<string, unknown>
  const additional = fields['additionalData']
  const text =
    typeof additional === 'object' && additional !== null
      ? (additional as Record<string, unknown>)['hmacSignature']
      : undefined
  if (text === undefined) return 'missing'
  const signature = typeof text === 'string' ? decodeBase64(text) : undefined
  if (signature?.length !== 32) return 'malformed'
  const amount = fields['amount']
  if (amount !== undefined && (typeof amount !== 'object' || amount === null)) return 'malformed'
  const money = (amount ?? {}) as Record<string, unknown>
  const values = [
    ...SIGNED_FIELDS.map((name) => field(fields[name])),
    field(money['value']),
    field(money['currency']),
    field(fields['eventCode']),
    field(fields['success']),
  ]
  if (values.includes(undefined)) return 'malformed'
  return { signed: utf8(values.join(':')), signature }
}

function fail(
  code:
    | 'ERR_WEBHOOK_SIGNATURE_MISSING'
    | 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
    | 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
): CheckResult {
  return { ok: false, error: new WebhookVerificationError(code) }
}

/** True when `key` signed every item (one HMAC per item; Node answers synchronously). */
async function signedAll(
  key: HmacKey,
  items: readonly { readonly signed: Uint8Array; readonly signature: Uint8Array }[],
): Promise<boolean> {
  let all = true
  for (const item of items) {
    // Check every item even after a failure: the work must not say which one failed.
    if (!timingSafeEqual(await computeHmac(key, [item.signed]), item.signature)) all = false
  }
  return all
}

function notificationCheck(keys: readonly KeyEntry<HmacKey>[]): Check {
  return {
    name: 'adyen',
    async verify(request, context) {
      const items = jsonObject(request.body)?.['notificationItems']
      if (!Array.isArray(items) || items.length === 0) return fail('ERR_WEBHOOK_SIGNATURE_MISSING')
      if (items.length > MAX_ITEMS) return fail('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      const read = items.map(readItem)
      if (read.includes('malformed')) return fail('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      // Every item must carry its own signature: one unsigned item fails the whole batch.
      if (read.includes('missing')) return fail('ERR_WEBHOOK_SIGNATURE_MISSING')
      const signed = read as Exclude<Outcome, string>[]
      for (const entry of keys) {
        if (!isActive(entry, context.now) || !(await signedAll(entry.key, signed))) continue
        // Keyed on what was signed, each item's string on its own line.
        const parts = signed.flatMap((item, i) =>
          i === 0 ? [item.signed] : [NEWLINE, item.signed],
        )
        const replayKey = context.replay ? `adyen:sig:${await contentDigest(parts)}` : undefined
        return { ok: true, keyId: entry.id, replayKey }
      }
      return fail('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    },
  }
}

function hexKeys(secret: Secrets): readonly KeyEntry<HmacKey>[] {
  return toKeyEntries<string | Uint8Array, HmacKey>(secret, 'adyen secret', (value) => {
    const bytes = typeof value === 'string' ? decodeHex(value.trim()) : value
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      throw new WebhookConfigError(
        'adyen: secret must be the HMAC key as hex, as the Customer Area shows it',
      )
    }
    return importHmacKey(bytes, 'SHA-256')
  })
}

/**
 * Adyen. Standard webhooks (`scheme: 'notification'`, the default): every
 * `NotificationRequestItem` of the batch carries `additionalData.hmacSignature`, the Base64
 * HMAC-SHA256, keyed with the hex-decoded HMAC key, of
 * `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`
 * (absent fields empty, no escaping); every item must verify. Only these fields are signed: the
 * rest of the body (`additionalData`, `reason`, `live`) is not. The body is parsed only to read
 * them. `scheme: 'header'`: the `HmacSignature` header, Base64 HMAC-SHA256 of the raw body.
 *
 * @example
 * const check = presets.adyen({ secret: process.env['ADYEN_HMAC_KEY'] ?? '' })
 * @see https://docs.adyen.com/development-resources/webhooks/secure-webhooks/verify-hmac-signatures
 */
export function adyen(options: AdyenOptions): Check {
  const opts = presetOptions(options, 'adyen', ['secret', 'scheme'], {
    secret: "the webhook's HMAC key (hex)",
  })
  const scheme = opts.scheme ?? 'notification'
  if (scheme === 'header') {
    return hmac({
      name: 'adyen',
      header: 'hmacsignature',
      encoding: 'base64',
      secrets: opts.secret,
      secretEncoding: 'hex',
    })
  }
  if (scheme !== 'notification')
    throw new WebhookConfigError("adyen: scheme must be 'notification' or 'header'")
  // No signer: the signatures live in the body, which signRequest does not write.
  return notificationCheck(hexKeys(opts.secret))
}
