/**
 * Ed25519 signatures (RFC 8032): Discord, Standard Webhooks `v1a`.
 */
import { verifySignature } from '#crypto'
import type { Check } from '../check.js'
import type { PublicKey } from '../crypto/types.js'
import { firstMatch, joinParts } from '../lib/content-digest.js'
import { decode, encode, type SignatureEncoding } from '../lib/encoding.js'
import { staticKeySet, type PublicKeys } from '../lib/key-set.js'
import { checkOptions } from '../lib/options.js'
import { signWith } from '../lib/private-key.js'
import {
  createSignatureCheck,
  decodeAny,
  encodingList,
  signatureOptionNames,
  type SignatureOptions,
} from './signature.js'

export interface Ed25519Options extends SignatureOptions {
  /**
   * Public key(s): 32 bytes as hex (Discord) or Base64, `whpk_<base64>` (Standard Webhooks),
   * PEM SPKI, Base64 DER SPKI, a JWK (`kty: 'OKP'`) or JWKS, or an array with
   * `id`/`notBefore`/`notAfter` (rotation).
   */
  keys: PublicKeys
  /** How signatures (64 bytes) are written; several are tried in order, strictly. */
  encoding: SignatureEncoding | readonly SignatureEncoding[]
}

const OPTION_NAMES = /* @__PURE__ */ signatureOptionNames<Ed25519Options>({
  keys: true,
  encoding: true,
})

/**
 * An Ed25519 signature check over a signed-content template, with the same header, timestamp,
 * tolerance and rotation options as `hmac`.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING`, `_MALFORMED`, `_MISMATCH`, and the `TIMESTAMP_*`
 * codes when a timestamp is configured.
 *
 * @example
 * // Discord interactions
 * const check = ed25519({
 *   header: 'x-signature-ed25519', encoding: 'hex', keys: process.env['DISCORD_PUBLIC_KEY'] ?? '',
 *   timestamp: { header: 'x-signature-timestamp' }, content: '{timestamp}{body}',
 * })
 * @see https://www.rfc-editor.org/rfc/rfc8032
 */
export function ed25519(options: Ed25519Options): Check {
  checkOptions(options, OPTION_NAMES, 'ed25519')
  const what = options.name ?? 'ed25519'
  const encodings = encodingList(options.encoding, what)
  const { entries } = staticKeySet(options.keys, 'ed25519', what, () => undefined)

  return createSignatureCheck<PublicKey>(
    'ed25519',
    { ...options, name: what },
    {
      keys: entries,
      encodings,
      decode: (text) => decodeAny(text, encodings, decode, (bytes) => bytes.length === 64),
      match(key, content, signatures) {
        const data = [joinParts(content)]
        return firstMatch(signatures, (signature) => verifySignature(key, signature, data, 'p1363'))
      },
      // Hash the content as ECDSA does: a runtime whose Ed25519 accepted a non-canonical S would
      // otherwise let one delivery pass the replay store twice.
      async sign(content, input) {
        return encode(await signWith(input.privateKey, 'Ed25519', content, what), encodings[0])
      },
    },
  )
}
