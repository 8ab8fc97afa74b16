/**
 * The one shape of a rejection on the wire, as a `Response`.
 */
import { toRejection, type Rejection } from '@hookwarden/core'

/** A rejection (or a duplicate's or handshake's answer) as a `Response`. */
export function answer({ status, headers, body }: Rejection): Response {
  return new Response(body, { status, headers })
}

// example prelude: declare const check: Check
/**
 * The response for a failed verification (or anything verifying threw): the error's status,
 * `{"error":"<code>"}` and, for basic auth, `WWW-Authenticate`. Nothing else leaves the server.
 *
 * @example
 * async function receive(request: Request): Promise<Response> {
 *   const result = await verifyRequest(check, request)
 *   if (!result.ok) return errorResponse(result.error)
 *   return new Response(null, { status: 204 })
 * }
 */
export function errorResponse(error: unknown): Response {
  return answer(toRejection(error))
}
