import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { trimOws } from '../lib/encoding.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'
import { withRequestView } from '../lib/request-view.js'
import { MAX_HEADER_LENGTH } from '../lib/signature-header.js'
import type { Secrets } from '../secrets.js'

export interface RecurlyOptions {
  /** The webhook endpoint's secret key, UTF-8; several while Recurly rotates it. */
  secret: Secrets
  /** Seconds; default 300 (the Recurly clients' default), in both directions. */
  tolerance?: number
}

const HEADER = 'recurly-signature'

/**
 * `<timestamp>,<sig>[,<sig>]` rewritten as `t=<timestamp>,v1=<sig>...` so the shared pair parser
 * (with its caps) reads it; `undefined` for anything that is not that positional list.
 */
function asPairs(value: string): string | undefined {
  if (value.length > MAX_HEADER_LENGTH) return undefined
  const parts = value.split(',').map(trimOws)
  if (parts.length < 2 || parts.some((part) => part === '' || part.includes('='))) return undefined
  const [timestamp, ...signatures] = parts
  return [`t=${timestamp}`, ...signatures.map((s) => `v1=${s}`)].join(',')
}

/**
 * Recurly (JSON webhooks): `recurly-signature: <unix ms>,<hex>[,<hex>]`, hex HMAC-SHA256 over
 * `{timestamp}.{body}` with the endpoint's secret key; during a key rotation two signatures are
 * sent and either may match. XML webhooks are not signed.
 *
 * @example
 * const check = presets.recurly({ secret: process.env['RECURLY_WEBHOOK_KEY'] ?? '' })
 * @see https://docs.recurly.com/recurly-subscriptions/docs/signature-verification
 */
export function recurly(options: RecurlyOptions): Check {
  const opts = presetOptions(options, 'recurly', ['secret', 'tolerance'], {
    secret: "the webhook endpoint's secret key",
  })
  const signature = hmac({
    name: 'recurly',
    header: HEADER,
    format: { pairs: 'v1' },
    timestamp: { param: 't', format: 'unix-ms' },
    content: '{timestamp}.{body}',
    encoding: 'hex',
    secrets: opts.secret,
    ...toleranceOption(opts.tolerance),
  })
  return withRequestView(signature, {
    view(request) {
      const raw = request.header(HEADER)
      if (raw === undefined) return [request]
      const pairs = asPairs(raw)
      if (pairs === undefined) return 'ERR_WEBHOOK_SIGNATURE_MALFORMED'
      const header = (name: string) =>
        name.toLowerCase() === HEADER ? pairs : request.header(name)
      return [{ method: request.method, url: request.url, body: request.body, header }]
    },
    // The inner signer writes `t=..,v1=..`; Recurly sends the bare positional list.
    signHeaders: (headers) => ({
      [HEADER]: String(headers[HEADER]).replace(/(^|,)(?:t|v1)=/g, '$1'),
    }),
  })
}
