/**
 * The exact request bytes on Node, once for every Node adapter: from a parser that kept them, or
 * from the unread stream, within a byte limit and a time limit.
 */
import type { IncomingMessage } from 'node:http'
import { WebhookConfigError, WebhookVerificationError } from '@hookwarden/core'

export interface NodeBodyOptions {
  /** Largest body accepted, in bytes. */
  readonly limit: number
  /** ms allowed for the whole body to arrive; a slow upload cannot hold the socket longer. */
  readonly timeout: number
  /** The `ERR_WEBHOOK_BODY_UNAVAILABLE` message: what to change in this framework's set-up. */
  readonly unavailable: string
}

/** Where a framework or a parser may have left the body: `req.body`, `req.rawBody`. */
export interface KeptBody {
  readonly body?: unknown
  readonly rawBody?: unknown
}

// A parser that matched leaves a string or a non-empty object; some leave `{}` when they did not.
function parsed(body: unknown): boolean {
  return (
    typeof body === 'string' ||
    (typeof body === 'object' && body !== null && Object.keys(body).length > 0)
  )
}

const tooLarge = () => new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')

// example prelude: declare const req: import('node:http').IncomingMessage
/**
 * The raw body: `rawBody` bytes (Cloud Functions, Firebase, Nest `rawBody: true`, `keepRawBody`),
 * a `Buffer` body (`express.raw()`), or the unread stream. Throws `ERR_WEBHOOK_BODY_TOO_LARGE`
 * (from `Content-Length` before reading, or while counting), `ERR_WEBHOOK_BODY_TIMEOUT`,
 * `ERR_WEBHOOK_BODY_ABORTED` (the client went away mid-body), or `WebhookConfigError`
 * `ERR_WEBHOOK_BODY_UNAVAILABLE` when a parser consumed the stream without keeping the bytes.
 *
 * @example
 * const body = await readNodeBody(req, { limit: 1 << 20, timeout: 30_000, unavailable: 'mount ...' })
 */
export function readNodeBody(
  req: IncomingMessage,
  options: NodeBodyOptions,
  kept: KeptBody = req as IncomingMessage & KeptBody,
): Promise<Uint8Array> {
  const { body, rawBody } = kept
  // koa-bodyparser keeps the text it decoded: its UTF-8 bytes are what it read, for valid UTF-8.
  const bytes =
    typeof rawBody === 'string'
      ? new TextEncoder().encode(rawBody)
      : ArrayBuffer.isView(rawBody)
        ? rawBody
        : ArrayBuffer.isView(body)
          ? body
          : undefined
  if (bytes !== undefined) {
    if (bytes.byteLength > options.limit) return Promise.reject(tooLarge())
    return Promise.resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  }
  // `readableDidRead`, not `complete`: a small body is complete on arrival, yet unread until a
  // reader takes it (Fastify and Nest reach the handler after the whole request has arrived).
  if (req.readableEnded || req.readableDidRead || parsed(body)) {
    return Promise.reject(
      new WebhookConfigError(options.unavailable, 'ERR_WEBHOOK_BODY_UNAVAILABLE'),
    )
  }
  // Content-Length only allows an early answer; the count below is what enforces the limit.
  if (Number(req.headers['content-length']) > options.limit) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    // One chunk (the usual webhook) is returned as is: the parser gave it its own memory.
    let first: Buffer | undefined
    let chunks: Buffer[] | undefined
    let size = 0
    let settled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = (error: WebhookVerificationError | undefined) => {
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort)
      if (error === undefined)
        return resolve(chunks ? Buffer.concat(chunks, size) : (first ?? Buffer.alloc(0)))
      // Stop reading; the adapter answers with `Connection: close`, so nothing is drained.
      req.pause()
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > options.limit) finish(tooLarge())
      else if (first === undefined) first = chunk
      else (chunks ??= [first]).push(chunk)
    }
    const onEnd = () => finish(undefined)
    const onAbort = () => finish(new WebhookVerificationError('ERR_WEBHOOK_BODY_ABORTED'))
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort)
    // The timer bounds waiting on the network. Once the parser has taken every declared byte (the
    // usual small webhook, by the time this microtask runs) the rest is local: no timer is needed.
    queueMicrotask(() => {
      if (settled || size + req.readableLength >= declaredLength(req)) return
      timer = setTimeout(
        () => finish(new WebhookVerificationError('ERR_WEBHOOK_BODY_TIMEOUT')),
        options.timeout,
      )
    })
  })
}

/** The body's length when `Content-Length` frames it; otherwise (chunked) never reached. */
function declaredLength(req: IncomingMessage): number {
  if (req.headers['transfer-encoding'] !== undefined) return Infinity
  const length = req.headers['content-length']
  return length !== undefined && /^\d+$/.test(length) ? Number(length) : Infinity
}
