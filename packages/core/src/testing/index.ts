/**
 * Signing helpers for your own tests: produce the headers a real sender would send.
 * @module
 */
import { signerOf, type Check } from '../check.js'
import { WebhookConfigError } from '../errors.js'
import { utf8 } from '../lib/encoding.js'
import { toMillis, type DateInput } from '../secrets.js'

export { replayStoreCases } from './replay-store-cases.js'
export type { MakeReplayStore, ReplayStoreCase } from './replay-store-cases.js'

export interface SignRequestOptions<B extends string | Uint8Array> {
  /** The exact body to send. */
  body: B
  /** When the delivery is signed (a number is ms since the epoch; ISO needs `Z` or an offset); default now. */
  timestamp?: DateInput
  /** Delivery id for schemes that sign one; default a random `msg_...`. */
  id?: string
  /** For schemes that sign them (HubSpot, Square). */
  method?: string
  url?: string
  /**
   * For asymmetric checks (`ecdsa`, `ed25519`, `rsa`, `jws` and their presets): the sender's private key
   * as PEM PKCS #8 (`BEGIN PRIVATE KEY`), a JWK with `d` (its `kid` is written where the check
   * reads one), a `CryptoKey`, or on Node a `KeyObject`.
   */
  privateKey?: unknown
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return 'msg_' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Signs `body` the way `check`'s sender would, for tests against your own receiver. Uses the
 * first secret or credential that is valid at `timestamp`.
 *
 * @example
 * const { headers, body } = await signRequest(presets.github({ secret: 'test' }), { body: '{"a":1}' })
 * await fetch('http://127.0.0.1:3000/hooks', { method: 'POST', headers, body })
 */
export async function signRequest<B extends string | Uint8Array>(
  check: Check,
  options: SignRequestOptions<B>,
): Promise<{ headers: Record<string, string>; body: B }> {
  const signer = signerOf(check)
  if (signer === undefined) throw new WebhookConfigError('signRequest: this check has no signer')
  const body: Uint8Array =
    typeof options.body === 'string' ? utf8(options.body) : (options.body as Uint8Array)
  const headers = await signer({
    body,
    timestamp:
      options.timestamp === undefined
        ? Date.now()
        : toMillis(options.timestamp, 'signRequest timestamp', true),
    id: options.id ?? randomId(),
    method: options.method ?? 'POST',
    url: options.url,
    privateKey: options.privateKey,
  })
  return { headers, body: options.body }
}
