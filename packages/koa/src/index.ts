/**
 * Koa 2 and 3 middleware that verifies webhooks with `@hookwarden/core`.
 * @module
 */
import type { Context, Middleware, Next } from 'koa'
import {
  createVerifier,
  isVerifier,
  toRejection,
  WebhookConfigError,
  WebhookError,
  type Check,
  type Reception,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { readRawBody } from './raw-body.js'

declare module 'koa' {
  interface DefaultState {
    /** Set by `createKoaMiddleware` once the webhook is verified. */
    webhook?: VerifiedWebhook
  }
}

export interface KoaMiddlewareOptions {
  /** Largest body accepted, in bytes; default 1 MiB. Larger bodies get 413 without being buffered. */
  limit?: number
  /** Receives every rejection with its full error (the client only sees the code). */
  onError?: (error: WebhookError, ctx: Context) => void
}

/**
 * Verifies the webhook, then sets `ctx.state.webhook` and awaits `next()`; otherwise answers the
 * error's status with `{"error":"<code>"}` (and `WWW-Authenticate` for basic auth) and calls
 * `onError`. A body already parsed without its raw bytes is a 500 `ERR_WEBHOOK_BODY_UNAVAILABLE`.
 *
 * @example
 * router.post('/webhooks/stripe', createKoaMiddleware(presets.stripe({ secret })), (ctx) => {
 *   const event = ctx.state.webhook!.json()
 *   ctx.status = 204
 * })
 */
export function createKoaMiddleware(
  verifierOrCheck: Verifier | Check,
  options: KoaMiddlewareOptions = {},
): Middleware {
  const verifier = isVerifier(verifierOrCheck) ? verifierOrCheck : createVerifier(verifierOrCheck)
  const limit = options.limit ?? 1024 * 1024
  if (typeof limit !== 'number' || !(limit >= 0)) {
    throw new WebhookConfigError('createKoaMiddleware: limit must be a number of bytes >= 0')
  }
  const onError = options.onError

  /** Never throws: reading and verifying failures come back as the rejection to send. */
  const receive = async (ctx: Context): Promise<Reception> => {
    try {
      const request = ctx.request as { body?: unknown; rawBody?: unknown }
      const body = await readRawBody(ctx.req, request, limit)
      if (body instanceof WebhookError) return { ok: false, rejection: toRejection(body) }
      return await verifier.receive({
        method: ctx.method,
        url: ctx.href,
        headers: ctx.req.headers,
        body,
      })
    } catch (error) {
      return { ok: false, rejection: toRejection(error) }
    }
  }

  const settle = async (reception: Reception & { ok: true }, status: number, ctx: Context) => {
    const error = await reception.settle(status)
    if (error) onError?.(error, ctx)
  }

  return async (ctx: Context, next: Next): Promise<void> => {
    const reception = await receive(ctx)
    if (reception.ok) {
      ctx.state.webhook = reception.webhook
      // Commit once the downstream answered 2xx; release on a throw or any other status.
      try {
        await next()
      } catch (error) {
        await settle(reception, 500, ctx)
        throw error
      }
      return settle(reception, ctx.status, ctx)
    }
    const { error, status, headers, body } = reception.rejection
    onError?.(error, ctx)
    ctx.status = status
    ctx.set(headers)
    // Close the connection after a 413: the unread rest of the body is never drained.
    if (status === 413) ctx.set('connection', 'close')
    ctx.body = body
  }
}
