/**
 * Reading a `Request` body once, as bytes, within a byte limit and a time limit.
 */
import { WebhookConfigError, WebhookVerificationError } from '@hookwarden/core'

const UNAVAILABLE =
  'raw body unavailable: the request body was already read. Verify before calling ' +
  'request.json(), request.text() or request.formData(), or pass request.clone().'

/**
 * The body's exact bytes. Throws `ERR_WEBHOOK_BODY_TOO_LARGE` as soon as `Content-Length` or the
 * bytes counted so far pass `limit` (the rest is cancelled, never buffered),
 * `ERR_WEBHOOK_BODY_TIMEOUT` after `timeout` ms, `ERR_WEBHOOK_BODY_ABORTED` when the upload
 * breaks off, and `WebhookConfigError` (`ERR_WEBHOOK_BODY_UNAVAILABLE`) when it was already read.
 * Exported for adapters built on `Request` (`@hookwarden/hono`).
 *
 * @example
 * const body = await readBody(request, 1024 * 1024, 30_000)
 * const result = await verifier.verify({ headers: request.headers, body })
 */
export async function readBody(
  request: Request,
  limit: number,
  timeout = 30_000,
): Promise<Uint8Array> {
  if (request.bodyUsed) throw new WebhookConfigError(UNAVAILABLE, 'ERR_WEBHOOK_BODY_UNAVAILABLE')
  const body = request.body
  if (body === null) return new Uint8Array(0)
  const fail = (
    code: 'ERR_WEBHOOK_BODY_TOO_LARGE' | 'ERR_WEBHOOK_BODY_TIMEOUT',
    stop: () => Promise<void>,
  ) => {
    // Not awaited: some runtimes (edge-runtime) settle a cancelled upload only when the client stops.
    stop().catch(() => undefined)
    return new WebhookVerificationError(code)
  }
  // Content-Length only allows an early answer; the count below is what enforces the limit.
  if (Number(request.headers.get('content-length')) > limit)
    throw fail('ERR_WEBHOOK_BODY_TOO_LARGE', () => body.cancel())
  const reader = body.getReader()
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(fail('ERR_WEBHOOK_BODY_TIMEOUT', () => reader.cancel())),
      timeout,
    )
  })
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>
      try {
        next = await Promise.race([reader.read(), late])
      } catch (error) {
        if (error instanceof WebhookVerificationError) throw error
        throw new WebhookVerificationError('ERR_WEBHOOK_BODY_ABORTED', { cause: error })
      }
      if (next.done) break
      size += next.value.byteLength
      if (size > limit) throw fail('ERR_WEBHOOK_BODY_TOO_LARGE', () => reader.cancel())
      chunks.push(next.value)
    }
  } finally {
    clearTimeout(timer)
  }
  const only = chunks.length === 1 ? chunks[0] : undefined
  if (only !== undefined) return only
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}
