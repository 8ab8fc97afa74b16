/**
 * Private keys for `signRequest` (test tooling): PEM PKCS #8, a JWK with `d`, or a runtime key
 * object (`KeyObject` on Node, `CryptoKey` anywhere), told apart once, above the crypto seam.
 */
import { signWithPrivateKey } from '#crypto'
import type { PrivateKeyInput, PublicKeyAlgorithm } from '../crypto/types.js'
import { WebhookConfigError } from '../errors.js'
import { parsePem } from './pem.js'
import { isJwk } from './public-key.js'

export function toPrivateKeyInput(value: unknown, what: string): PrivateKeyInput {
  if (value === undefined) {
    throw new WebhookConfigError(`signRequest: ${what} signs with a private key: pass privateKey`)
  }
  if (typeof value === 'string') {
    const pem = parsePem(value)
    if (pem?.label !== 'PRIVATE KEY') {
      throw new WebhookConfigError(
        'signRequest: privateKey must be PEM PKCS #8 (BEGIN PRIVATE KEY), a JWK or a key object',
      )
    }
    return { pkcs8: pem.der }
  }
  if (isJwk(value)) {
    if (typeof value.d !== 'string')
      throw new WebhookConfigError('signRequest: the privateKey JWK has no "d"')
    return { jwk: value }
  }
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value))
    return { native: value }
  throw new WebhookConfigError(
    'signRequest: privateKey must be PEM PKCS #8 (BEGIN PRIVATE KEY), a JWK or a key object',
  )
}

/** The `kid` of a JWK private key, if it names one. */
export function privateKeyId(value: unknown): string | undefined {
  return isJwk(value) && typeof value.kid === 'string' ? value.kid : undefined
}

/** Signs `parts` with `privateKey` (P1363 for ECDSA); a key of the wrong kind is a config error. */
export async function signWith(
  privateKey: unknown,
  algorithm: PublicKeyAlgorithm,
  parts: readonly Uint8Array[],
  what: string,
): Promise<Uint8Array> {
  const input = toPrivateKeyInput(privateKey, what)
  try {
    return await signWithPrivateKey(input, algorithm, parts)
  } catch {
    throw new WebhookConfigError(`signRequest: ${what} needs a matching ${algorithm} private key`)
  }
}
