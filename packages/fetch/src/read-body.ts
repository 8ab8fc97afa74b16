/**
 * Reading a `Request` body once, as bytes, with a byte limit enforced while streaming.
 */
import { WebhookConfigError, WebhookVerificationError } from '@hookwarden/core'

const UNAVAILABLE =
  'raw body unavailable: the request body was already read. Verify before calling ' +
  'request.json(), request.text() or request.formData(), or pass request.clone().'

/**
 * The body's exact bytes, or `ERR_WEBHOOK_BODY_TOO_LARGE` as soon as `Content-Length` or the bytes
 * counted so far pass `limit` (the rest is cancelled, never buffered). Throws `WebhookConfigError`
 * (`ERR_WEBHOOK_BODY_UNAVAILABLE`) when the body was already consumed.
 */
export async function readBody(
  request: Request,
  limit: number,
): Promise<Uint8Array | WebhookVerificationError> {
  if (request.bodyUsed) throw new WebhookConfigError(UNAVAILABLE, 'ERR_WEBHOOK_BODY_UNAVAILABLE')
  const body = request.body
  if (body === null) return new Uint8Array(0)
  // Not awaited: some runtimes (edge-runtime) settle a cancelled upload only when the client stops.
  const tooLarge = (stop: () => Promise<void>) => {
    stop().catch(() => undefined)
    return new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')
  }
  // Content-Length only allows an early answer; the count below is what enforces the limit.
  if (Number(request.headers.get('content-length')) > limit) return tooLarge(() => body.cancel())
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) return tooLarge(() => reader.cancel())
    chunks.push(value)
  }
  if (chunks.length === 1) return chunks[0]!
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}
