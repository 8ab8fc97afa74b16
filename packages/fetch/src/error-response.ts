/**
 * The one shape of a rejection on the wire, as a `Response`.
 */
import { toRejection } from '@hookwarden/core'

/**
 * The response for a failed verification (or anything verifying threw): the error's status,
 * `{"error":"<code>"}` and, for basic auth, `WWW-Authenticate`. Nothing else leaves the server.
 *
 * @example
 * const result = await verifyRequest(check, request)
 * if (!result.ok) return errorResponse(result.error)
 */
export function errorResponse(error: unknown): Response {
  const { status, headers, body } = toRejection(error)
  return new Response(body, { status, headers })
}
