import { withInspection, withSigner, signerOf, type Check } from '../check.js'
import { createRsaCheck, importRsaKey, rsaParams, type RsaKey } from '../checks/rsa.js'
import { WebhookConfigError, type VerificationErrorCode } from '../errors.js'
import { crc32 } from '../lib/crc32.js'
import { utf8 } from '../lib/encoding.js'
import { parsePem } from '../lib/pem.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import { readCertificate } from '../lib/rsa-key.js'
import { formatTimestamp } from '../lib/timestamp.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { KeyEntry } from '../secrets.js'

export interface PayPalOptions {
  /** The webhook's id from the developer dashboard (PayPal signs it into every delivery). */
  webhookId: string
  /**
   * Seconds either side of now for `PAYPAL-TRANSMISSION-TIME`; default 300. PayPal documents no
   * window; `0` disables the check.
   */
  tolerance?: number
  /** The `fetch` used for the certificate (default the global one); tests serve their own. */
  fetch?: typeof fetch
  /** Certificate download timeout in ms; default 5000. */
  timeout?: number
}

/** The hosts PayPal serves its signing certificates from (live and sandbox, old and `api-m`). */
const CERT_HOSTS: readonly string[] = [
  'api.paypal.com',
  'api-m.paypal.com',
  'api.sandbox.paypal.com',
  'api-m.sandbox.paypal.com',
]
/** Subjects PayPal's Java SDK accepts for the signing certificate. */
const CERT_NAMES: readonly string[] = [
  'messageverificationcerts.paypal.com',
  'messageverificationcerts.sandbox.paypal.com',
]
const CERT_PATH = /^\/v1\/notifications\/certs\/[A-Za-z0-9_-]{1,128}$/
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/
/** A PEM chain is a few KB: anything larger is not PayPal's answer. */
const MAX_CERT_BYTES = 64 * 1024
const MAX_CACHED_CERTS = 16
/** After a failed download, new URLs fail at once for this long instead of fetching again. */
const RETRY_AFTER_FAILURE = 5_000
/** PayPal signs with 2048-bit keys today; allow the next sizes for strict decoding. */
const SIGNATURE_LENGTHS = [256, 384, 512]

/** The certificate URL if it is https on one of PayPal's certificate hosts, else `undefined`. */
function certUrl(text: string | undefined): URL | undefined {
  if (text === undefined) return undefined
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return undefined
  }
  const plain =
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  return plain && CERT_HOSTS.includes(url.hostname) && CERT_PATH.test(url.pathname)
    ? url
    : undefined
}

/** The body, read up to `MAX_CERT_BYTES`; `undefined` past it. */
async function readCapped(response: Response): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > MAX_CERT_BYTES) return undefined
  if (response.body === null) return new Uint8Array()
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.length
    if (length > MAX_CERT_BYTES) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  const out = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

/** The first certificate of the PEM chain, checked and imported; `undefined` if unusable. */
function certificateKey(pem: string, what: string): KeyEntry<RsaKey> | undefined {
  const block = CERT_BLOCK.exec(pem)?.[0]
  const der = block === undefined ? undefined : parsePem(block)?.der
  const cert = der && readCertificate(der)
  if (!cert || !cert.commonNames.some((name) => CERT_NAMES.includes(name))) return undefined
  try {
    const key = importRsaKey(cert.spki, rsaParams('pkcs1', 'SHA-256', what), what)
    // The certificate's validity is the key's window, judged by the verifier's clock.
    return { key, id: undefined, position: '0', notBefore: cert.notBefore, notAfter: cert.notAfter }
  } catch {
    return undefined
  }
}

/** Downloads certificates once per URL, with a timeout, a size cap and a backoff after failure. */
function certificateSource(fetcher: typeof fetch, timeout: number, what: string) {
  const cache = new Map<string, Promise<KeyEntry<RsaKey> | undefined>>()
  let failedAt = -Infinity
  const download = async (url: URL): Promise<KeyEntry<RsaKey> | undefined> => {
    const response = await fetcher(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(timeout),
    })
    if (response.status !== 200) return undefined
    const bytes = await readCapped(response)
    return bytes && certificateKey(new TextDecoder().decode(bytes), what)
  }
  return async (
    request: ParsedWebhookRequest,
  ): Promise<readonly KeyEntry<RsaKey>[] | VerificationErrorCode> => {
    const url = certUrl(request.header('paypal-cert-url'))
    if (url === undefined) return 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
    let entry = cache.get(url.href)
    if (entry === undefined) {
      // A flood of made-up certificate URLs costs PayPal one request per backoff, not one each.
      if (Date.now() - failedAt < RETRY_AFTER_FAILURE) return 'ERR_WEBHOOK_KEY_UNAVAILABLE'
      entry = download(url).catch(() => undefined)
      if (cache.size >= MAX_CACHED_CERTS) cache.delete(cache.keys().next().value ?? '')
      cache.set(url.href, entry)
    }
    const key = await entry
    if (key === undefined) {
      // Failures are not kept: the next delivery tries again once the backoff is over.
      if (cache.get(url.href) === entry) cache.delete(url.href)
      failedAt = Date.now()
      return 'ERR_WEBHOOK_KEY_UNAVAILABLE'
    }
    return [key]
  }
}

/** `transmissionId|transmissionTime|webhookId|crc32(body)`, the CRC as an unsigned decimal. */
function signedString(
  id: string | undefined,
  time: string | undefined,
  webhookId: string,
  body: Uint8Array,
): Uint8Array {
  return utf8(`${id ?? ''}|${time ?? ''}|${webhookId}|${crc32(body)}`)
}

/**
 * PayPal REST webhooks: `PAYPAL-TRANSMISSION-SIG` is a Base64 RSA-SHA256 (PKCS #1 v1.5,
 * `PAYPAL-AUTH-ALGO: SHA256withRSA`) signature of
 * `<PAYPAL-TRANSMISSION-ID>|<PAYPAL-TRANSMISSION-TIME>|<webhookId>|<CRC-32 of the raw body, decimal>`,
 * made with the key of the certificate at `PAYPAL-CERT-URL`. The certificate is downloaded only
 * over https from PayPal's own API hosts, must name `messageverificationcerts.(sandbox.)paypal.com`
 * and be within its validity, and is cached per URL; a failed download gives
 * `ERR_WEBHOOK_KEY_UNAVAILABLE` (503) so PayPal retries. The certificate chain is not validated:
 * trust rests on TLS to PayPal's host. The signed transmission id is the replay key.
 *
 * @example
 * const check = presets.paypal({ webhookId: process.env['PAYPAL_WEBHOOK_ID'] ?? '' })
 * @see https://developer.paypal.com/api/rest/webhooks/rest/
 */
export function paypal(options: PayPalOptions): Check {
  const opts = presetOptions(options, 'paypal', ['webhookId', 'tolerance', 'fetch', 'timeout'], {
    webhookId: "the webhook's id from the developer dashboard",
  })
  const webhookId = opts.webhookId
  if (typeof webhookId !== 'string' || !/^[A-Za-z0-9]{1,50}$/.test(webhookId)) {
    throw new WebhookConfigError(
      "paypal: webhookId must be your webhook's id from the PayPal developer dashboard",
    )
  }
  const fetcher = opts.fetch ?? globalThis.fetch
  if (typeof fetcher !== 'function')
    throw new WebhookConfigError('paypal: no fetch in this runtime: pass options.fetch')
  const timeout = opts.timeout ?? 5_000
  if (!Number.isInteger(timeout) || timeout <= 0)
    throw new WebhookConfigError('paypal: timeout must be a whole number of milliseconds > 0')
  const select = certificateSource(fetcher, timeout, 'paypal')

  const inner = createRsaCheck(
    {
      name: 'paypal',
      header: 'paypal-transmission-sig',
      encoding: 'base64',
      padding: 'pkcs1',
      hash: 'SHA-256',
      timestamp: { header: 'paypal-transmission-time', format: 'iso8601' },
      id: { header: 'paypal-transmission-id' },
      // `{body}` stands for the signed string the view below builds from the real body.
      content: '{body}',
      ...toleranceOption(opts.tolerance),
    },
    {
      lengths: SIGNATURE_LENGTHS,
      select: (request) => {
        const algorithm = request.header('paypal-auth-algo')
        if (algorithm === undefined) return 'ERR_WEBHOOK_SIGNATURE_MISSING'
        return algorithm.trim() === 'SHA256withRSA'
          ? select(request)
          : 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
      },
    },
  )
  const view = (request: ParsedWebhookRequest): ParsedWebhookRequest => ({
    method: request.method,
    url: request.url,
    header: (name) => request.header(name),
    body: signedString(
      request.header('paypal-transmission-id'),
      request.header('paypal-transmission-time'),
      webhookId,
      request.body,
    ),
  })
  const check = withInspection(
    { name: 'paypal', verify: (request, context) => inner.verify(view(request), context) },
    { kind: 'target', name: 'paypal', check: inner, map: view },
  )
  // signRequest: the private key signs the signed string; the tests' fetch serves its certificate.
  const sign = signerOf(inner)
  return sign === undefined
    ? check
    : withSigner(check, async (input) => {
        // Whole seconds, as PayPal sends them; the inner signer writes the same text.
        const timestamp = Math.floor(input.timestamp / 1000) * 1000
        const time = formatTimestamp(timestamp, 'iso8601')
        const body = signedString(input.id, time, webhookId, input.body)
        const headers = await sign({ ...input, timestamp, body })
        return {
          ...headers,
          'paypal-auth-algo': 'SHA256withRSA',
          'paypal-cert-url':
            'https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-hookwarden-test',
        }
      })
}
