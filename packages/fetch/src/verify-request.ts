/**
 * `verifyRequest`: read a `Request` body once, within a byte limit, and verify it.
 */
import {
  toVerifier,
  WebhookConfigError,
  WebhookVerificationError,
  type Check,
  type Verifier,
  type VerifyResult,
} from '@hookwarden/core'
import { readBody } from './read-body.js'

export interface VerifyRequestOptions {
  /** Largest body accepted, in bytes; default 1 MiB. Larger bodies are rejected while streaming. */
  limit?: number
}

/** The byte limit, validated once by each factory. */
export function validLimit(limit: number | undefined, what: string): number {
  const value = limit ?? 1024 * 1024
  if (typeof value !== 'number' || !(value >= 0))
    throw new WebhookConfigError(`${what}: limit must be a number of bytes >= 0`)
  return value
}

/**
 * Reads `request`'s body once, as bytes (at most `limit`), and verifies it. Never throws for a bad
 * webhook; throws `WebhookConfigError` (`ERR_WEBHOOK_BODY_UNAVAILABLE`) if the body was already read.
 * With a replay store the delivery is recorded as processed at once, before your code runs (at
 * most once): where handling can fail, use `createFetchHandler` or `verifier.handle`.
 *
 * @example
 * const stripe = presets.stripe({ secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? '' })
 * async function receive(request: Request): Promise<Response> {
 *   const result = await verifyRequest(stripe, request)
 *   if (!result.ok) return errorResponse(result.error)
 *   return new Response(null, { status: 204 })
 * }
 */
export async function verifyRequest(
  verifierOrCheck: Verifier | Check,
  request: Request,
  options: VerifyRequestOptions = {},
): Promise<VerifyResult> {
  let body: Uint8Array
  try {
    body = await readBody(request, validLimit(options.limit, 'verifyRequest'))
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { ok: false, error }
    throw error
  }
  const verifier = toVerifier(verifierOrCheck, 'verifyRequest')
  return verifier.verify({
    method: request.method,
    url: request.url,
    headers: request.headers,
    body,
  })
}
