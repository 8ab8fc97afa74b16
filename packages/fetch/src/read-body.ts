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
 */
export function readBody(request: Request, limit: number, timeout = 30_000): Promise<Uint8Array> {
  if (request.bodyUsed)
    return Promise.reject(new WebhookConfigError(UNAVAILABLE, 'ERR_WEBHOOK_BODY_UNAVAILABLE'))
  const length = request.headers.get('content-length')
  const declared = length === null || !/^\d+$/.test(length) ? undefined : Number(length)
  // Content-Length over the limit: answer at once, without reading; cancel the upload.
  if (declared !== undefined && declared > limit) {
    // Not awaited: some runtimes (edge-runtime) settle a cancelled upload only when the client stops.
    request.body?.cancel().catch(() => undefined)
    return Promise.reject(tooLarge())
  }
  // One promise settled by the read or the timer, whichever comes first (not an async function
  // awaiting a Promise.race: that costs three more promises and ticks per request).
  return new Promise<Uint8Array>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new WebhookVerificationError('ERR_WEBHOOK_BODY_TIMEOUT'))
      request.body?.cancel().catch(() => undefined)
    }, timeout)
    const done = (bytes: Uint8Array) => {
      clearTimeout(timer)
      resolve(bytes)
    }
    const fail = (error: unknown) => {
      clearTimeout(timer)
      reject(
        error instanceof WebhookVerificationError
          ? error
          : new WebhookVerificationError('ERR_WEBHOOK_BODY_ABORTED', { cause: error }),
      )
    }
    try {
      // A declared length within the limit frames the body (HTTP/1.1, RFC 9112 §6.3): one read,
      // the runtime's fastest path (`request.body` is not touched: on @hono/node-server that alone
      // builds a whole web stream). Without one (chunked uploads), count while streaming.
      if (declared === undefined) readCounted(request.body, limit).then(done, fail)
      else
        request.arrayBuffer().then(
          // A body longer than its declared length (a `Request` built in-process can lie): refused.
          (buffer) => (buffer.byteLength > limit ? fail(tooLarge()) : done(new Uint8Array(buffer))),
          fail,
        )
    } catch (error) {
      fail(error)
    }
  })
}

/** Reads a stream of unknown length, stopping at the first chunk that passes `limit`. */
async function readCounted(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0)
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      // Not awaited: some runtimes (edge-runtime) settle a cancelled upload only when the client stops.
      reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
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

function tooLarge(): WebhookVerificationError {
  return new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')
}
