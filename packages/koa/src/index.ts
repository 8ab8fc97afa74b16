/**
 * Koa 2 and 3 middleware that verifies webhooks with `@hookwarden/core`.
 * @module
 */
import type { Context, Middleware, Next } from 'koa'
import {
  resolveAdapterOptions,
  toVerifier,
  WebhookConfigError,
  type AdapterOptions,
  type Check,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { readNodeBody } from '@hookwarden/node'

declare module 'koa' {
  interface DefaultState {
    /** Set by `createKoaMiddleware` once the webhook is verified; read it with `webhookOf(ctx)`. */
    webhook?: VerifiedWebhook
  }
}

export type KoaMiddlewareOptions = AdapterOptions<Context>

const UNAVAILABLE =
  'raw body unavailable: a body parser consumed the request before createKoaMiddleware. ' +
  'Mount the middleware before the body parser on this route, or make the parser keep the bytes ' +
  'on ctx.request.rawBody.'

// example prelude: import Router from '@koa/router'
// const router = new Router()
/**
 * Verifies the webhook, then sets `ctx.state.webhook` and awaits `next()`; otherwise answers the
 * error's status with `{"error":"<code>"}` (and `WWW-Authenticate` for basic auth). Each delivery
 * is handled once: committed when the downstream answered 2xx, released on a throw or any other
 * status.
 *
 * @example
 * const stripe = presets.stripe({ secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? '' })
 * router.post('/webhooks/stripe', createKoaMiddleware(stripe), (ctx) => {
 *   const event = webhookOf(ctx).json()
 *   ctx.status = 204
 * })
 */
export function createKoaMiddleware(
  verifierOrCheck: Verifier | Check,
  options?: KoaMiddlewareOptions,
): Middleware {
  const verifier = toVerifier(verifierOrCheck, 'createKoaMiddleware')
  const {
    limit,
    bodyTimeout: timeout,
    onError,
  } = resolveAdapterOptions(options, 'createKoaMiddleware')

  return async (ctx: Context, next: Next): Promise<void> => {
    const handled = await verifier.handle(
      async () => ({
        method: ctx.method,
        url: ctx.href,
        headers: ctx.req.headers,
        body: await readNodeBody(
          ctx.req,
          { limit, timeout, unavailable: UNAVAILABLE },
          ctx.request as { rawBody?: unknown; body?: unknown },
        ),
      }),
      async (webhook) => {
        ctx.state.webhook = webhook
        await next()
        return ctx.status
      },
      { status: (code) => code, onError: onError && ((error) => onError(error, ctx)) },
    )
    if (handled.ok) return
    const { status, headers, body } = handled.rejection
    ctx.status = status
    ctx.set(headers)
    // Close the connection after a 408 or 413: the unread rest of the body is never drained.
    if (status === 408 || status === 413) ctx.set('connection', 'close')
    ctx.body = body
  }
}

// example prelude: import Router from '@koa/router'
// const router = new Router()
// declare const check: Check
// declare function handle(event: unknown): void
/**
 * The verified webhook in a context that went through `createKoaMiddleware`; throws a
 * `WebhookConfigError` when the middleware did not run on this route (no `!` needed).
 *
 * @example
 * router.post('/hooks', createKoaMiddleware(check), (ctx) => {
 *   handle(webhookOf(ctx).json())
 *   ctx.status = 204
 * })
 */
export function webhookOf(ctx: Context): VerifiedWebhook {
  const webhook = (ctx.state as { webhook?: VerifiedWebhook }).webhook
  if (webhook === undefined)
    throw new WebhookConfigError(
      'webhookOf: no verified webhook in this context: mount createKoaMiddleware before this handler',
    )
  return webhook
}
