/**
 * Getting the exact request bytes in Koa: from a body parser that kept them, or from the unread stream.
 */
import type { IncomingMessage } from 'node:http'
import getRawBody from 'raw-body'
import { WebhookConfigError, WebhookVerificationError } from '@hookwarden/core'

const UNAVAILABLE =
  'raw body unavailable: a body parser consumed the request before createKoaMiddleware. ' +
  'Mount the middleware before the body parser on this route, or make the parser keep the bytes ' +
  'on ctx.request.rawBody.'

// A parser that matched leaves a string or a non-empty object; koa-bodyparser leaves `{}` when it did not.
function parsed(body: unknown): boolean {
  return (
    typeof body === 'string' ||
    (typeof body === 'object' && body !== null && Object.keys(body).length > 0)
  )
}

/**
 * The raw bytes, at most `limit`: `rawBody` (bytes, or the text a parser kept) or else the unread
 * stream. Over the limit (by `Content-Length` up front or by counting) it stops reading and returns
 * `ERR_WEBHOOK_BODY_TOO_LARGE`; a consumed stream throws `WebhookConfigError` (`ERR_WEBHOOK_BODY_UNAVAILABLE`).
 */
export async function readRawBody(
  req: IncomingMessage,
  kept: { body?: unknown; rawBody?: unknown },
  limit: number,
): Promise<Uint8Array | string | WebhookVerificationError> {
  const { rawBody } = kept
  if (ArrayBuffer.isView(rawBody) || typeof rawBody === 'string') {
    const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody) : rawBody.byteLength
    if (size > limit) return new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')
    return typeof rawBody === 'string'
      ? rawBody
      : new Uint8Array(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength)
  }
  if (req.readableEnded || parsed(kept.body))
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
