/**
 * Hono middleware that verifies webhooks, on every runtime Hono runs on: Node, Bun, Deno,
 * Cloudflare Workers, Vercel and Netlify edge functions.
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono'
import {
  resolveAdapterOptions,
  toVerifier,
  WebhookConfigError,
  WebhookVerificationError,
  type AdapterOptions,
  type Check,
  type Handled,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { readBody } from '@hookwarden/fetch'

/** The context variables the middleware sets: `c.get('webhook')` is the verified webhook. */
export interface WebhookVariables {
  webhook: VerifiedWebhook
}

/** The middleware's Hono `Env`; intersect it with yours: `new Hono<WebhookEnv & MyEnv>()`. */
export interface WebhookEnv {
  Variables: WebhookVariables
}

export type WebhookMiddlewareOptions = AdapterOptions<Context>

// example prelude: declare const queue: { send(body: unknown): Promise<void> }
/**
 * Verifies the webhook, sets `c.get('webhook')` and runs the rest of the route; otherwise answers
 * the error's status with `{"error":"<code>"}`. Each delivery is handled once: committed when the
 * route answers 2xx, released when it answers anything else or throws (even if `app.onError` turns
 * the error into a 2xx), before the response leaves. Later `c.req.json()` and `c.req.text()` read
 * the verified bytes.
 *
 * @example
 * const app = new Hono()
 * const github = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * app.post('/webhooks/github', webhookMiddleware(github), async (c) => {
 *   await queue.send(c.get('webhook').json())
 *   return c.body(null, 204)
 * })
 * @see https://hono.dev/docs/guides/middleware
 */
export function webhookMiddleware(
  verifierOrCheck: Verifier | Check,
  options?: WebhookMiddlewareOptions,
): MiddlewareHandler<WebhookEnv> {
  const verifier = toVerifier(verifierOrCheck, 'webhookMiddleware')
  const { limit, bodyTimeout, onError } = resolveAdapterOptions(options, 'webhookMiddleware')

  return (c, next) =>
    verifier
      .handle(
        () =>
          readHonoBody(c, limit, bodyTimeout).then((body) => ({
            method: c.req.method,
            url: c.req.url,
            headers: c.req.raw.headers,
            body,
          })),
        (webhook) => {
          c.set('webhook', webhook)
          return next()
        },
        {
          // Hono catches a handler's throw inside next() and answers through app.onError, which
          // may say 200: a set `c.error` releases whatever the status, as does an unfinished route.
          status: () => (c.error !== undefined || !c.finalized ? 500 : c.res.status),
          onError: onError && ((error) => onError(error, c)),
        },
      )
      .then(respond)
}

/** Nothing when the route ran (its response stands), else the rejection. */
function respond(handled: Handled<void>): Response | undefined {
  if (handled.ok) return undefined
  const { status, headers, body } = handled.rejection
  return new Response(body, { status, headers })
}

const UNAVAILABLE =
  'raw body unavailable: the request body was read as text, JSON or form data before ' +
  'webhookMiddleware. Mount webhookMiddleware before validator() or any middleware that calls ' +
  'c.req.json(), c.req.text() or c.req.parseBody(); read the body after it, in the handler.'

/**
 * The exact bytes: from the stream, or from Hono's cache when an earlier `c.req.arrayBuffer()`
 * already read them (never from a text or JSON cache: those are decoded, not the bytes sent).
 */
function readHonoBody(c: Context, limit: number, timeout: number): Promise<Uint8Array> {
  // Hono's cache holds promises (as hono/utils/body writes it), though its type names the values.
  const cache: { arrayBuffer?: Promise<ArrayBuffer> } = c.req.bodyCache as object
  const cached = cache.arrayBuffer
  if (cached !== undefined)
    return cached.then((buffer) => {
      if (buffer.byteLength > limit)
        throw new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')
      return new Uint8Array(buffer)
    })
  if (c.req.raw.bodyUsed)
    return Promise.reject(new WebhookConfigError(UNAVAILABLE, 'ERR_WEBHOOK_BODY_UNAVAILABLE'))
  // readBody enforces the limit. Later c.req.json() / text() / arrayBuffer() read the verified
  // bytes (the stream is consumed).
  return readBody(c.req.raw, limit, timeout).then((body) => {
    cache.arrayBuffer = Promise.resolve(ownBuffer(body))
    return body
  })
}

/**
 * The bytes as an ArrayBuffer holding nothing else: the read's own when it fills it (a whole-body
 * read), else a copy (the read may be a view into a larger one).
 */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer } = bytes
  if (
    buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === buffer.byteLength
  )
    return buffer
  const own = new ArrayBuffer(bytes.byteLength)
  new Uint8Array(own).set(bytes)
  return own
}
