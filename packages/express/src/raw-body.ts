/**
 * Getting the exact request bytes in Express: from `express.raw()`, from `keepRawBody`, or from the
 * unread stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import getRawBody from 'raw-body'
import { WebhookConfigError, WebhookVerificationError } from '@hookwarden/core'

type RawBodyRequest = IncomingMessage & { body?: unknown; rawBody?: unknown }

const UNAVAILABLE =
  'raw body unavailable: a body parser consumed the request before createExpressMiddleware. ' +
  'Mount the middleware before express.json() on this route, use express.raw({ type: () => true }), ' +
  'or keep the bytes with express.json({ verify: keepRawBody }).'

/**
 * A `verify` callback for `express.json()`, `express.text()` or `express.urlencoded()` that keeps
 * the exact bytes on `req.rawBody`, so the webhook route can verify them after the parser ran.
 *
 * @example
 * app.use(express.json({ verify: keepRawBody }))
 */
export function keepRawBody(req: IncomingMessage, _res: ServerResponse, buffer: Buffer): void {
  ;(req as RawBodyRequest).rawBody = buffer
}

// A parser that matched leaves a string or a non-empty object; Express 4's body-parser leaves `{}` when it did not.
function parsed(body: unknown): boolean {
  return (
    typeof body === 'string' ||
    (typeof body === 'object' && body !== null && Object.keys(body).length > 0)
  )
}

/**
 * The request's raw bytes, at most `limit` of them. Over the limit (by `Content-Length` up front or
 * by counting while reading) it stops reading and returns `ERR_WEBHOOK_BODY_TOO_LARGE`. Throws
 * `WebhookConfigError` (`ERR_WEBHOOK_BODY_UNAVAILABLE`) when a parser already consumed the stream.
 */
export async function readRawBody(
  req: IncomingMessage,
  limit: number,
): Promise<Uint8Array | WebhookVerificationError> {
  const { body, rawBody } = req as RawBodyRequest
  const bytes = ArrayBuffer.isView(body) ? body : ArrayBuffer.isView(rawBody) ? rawBody : undefined
  if (bytes !== undefined) {
    if (bytes.byteLength > limit) return new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  if (req.readableEnded || parsed(body))
    throw new WebhookConfigError(UNAVAILABLE, 'ERR_WEBHOOK_BODY_UNAVAILABLE')
  try {
    // raw-body rejects a Content-Length over the limit before reading, and stops once the count passes it.
    return await getRawBody(req, { limit, length: req.headers['content-length'] ?? null })
  } catch (error) {
    if ((error as { type?: unknown }).type === 'entity.too.large') {
      return new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE', { cause: error })
    }
    throw error
  }
}
