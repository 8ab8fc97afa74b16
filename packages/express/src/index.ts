/**
 * Express 4 and 5 middleware that verifies webhooks with `@hookwarden/core`.
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import {
  resolveAdapterOptions,
  toVerifier,
  WebhookConfigError,
  type AdapterOptions,
  type Check,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { holdEnd, readNodeBody, sendRejection, type HeldEnd } from '@hookwarden/node'

export { keepRawBody } from './keep-raw-body.js'

declare global {
  // Express's own extension point: its types merge `namespace Express`.
  namespace Express {
    interface Request {
      /** Set by `createExpressMiddleware` once the webhook is verified; read it with `webhookOf(req)`. */
      webhook?: VerifiedWebhook
      /** The exact bytes, when a parser kept them (`keepRawBody`). */
      rawBody?: Buffer
    }
  }
}

export type ExpressMiddlewareOptions = AdapterOptions<Request>

const UNAVAILABLE =
  'raw body unavailable: a body parser consumed the request before createExpressMiddleware. ' +
  'Mount the middleware before express.json() on this route, use express.raw({ type: () => true }), ' +
  'or keep the bytes with express.json({ verify: keepRawBody }).'

/**
 * Verifies the webhook, then sets `req.webhook` and calls `next()`; otherwise answers the error's
 * status with `{"error":"<code>"}` (and `WWW-Authenticate` for basic auth). Each delivery is
 * handled once: committed when the route ends the response with 2xx, released otherwise, before
 * the response leaves. A client that hangs up settles nothing.
 *
 * @example
 * const app = express()
 * const github = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * app.post('/webhooks/github', createExpressMiddleware(github), (req, res) => {
 *   const event = webhookOf(req).json()
 *   res.sendStatus(204)
 * })
 */
export function createExpressMiddleware(
  verifierOrCheck: Verifier | Check,
  options?: ExpressMiddlewareOptions,
): RequestHandler {
  const verifier = toVerifier(verifierOrCheck, 'createExpressMiddleware')
  const {
    limit,
    bodyTimeout: timeout,
    onError,
  } = resolveAdapterOptions(options, 'createExpressMiddleware')
  const bodyOptions = { limit, timeout, unavailable: UNAVAILABLE }

  return (req: Request, res: Response, next: NextFunction): void => {
    let held: HeldEnd | undefined
    verifier
      .handle(
        async () => ({
          method: req.method,
          url: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
          headers: req.headers,
          body: await readNodeBody(req, bodyOptions),
        }),
        (webhook) => {
          req.webhook = webhook
          held = holdEnd(res)
          next()
          return held.status
        },
        { status: asStatus, onError: onError && ((error) => onError(error, req)) },
      )
      .then((handled) => (handled.ok ? held?.flush() : sendRejection(res, handled.rejection)))
      .catch(next)
  }
}

/** The handler's value is the status it ended the response with. */
const asStatus = (code: number): number => code

// example prelude: const app = express()
// declare const check: Check
// declare function handle(event: unknown): void
/**
 * The verified webhook on a request that went through `createExpressMiddleware`; throws a
 * `WebhookConfigError` when the middleware did not run on this route (no `!` needed).
 *
 * @example
 * app.post('/hooks', createExpressMiddleware(check), (req, res) => {
 *   handle(webhookOf(req).json())
 *   res.sendStatus(204)
 * })
 */
export function webhookOf(req: Request): VerifiedWebhook {
  if (req.webhook === undefined)
    throw new WebhookConfigError(
      'webhookOf: no verified webhook on this request: mount createExpressMiddleware before this handler',
    )
  return req.webhook
}
