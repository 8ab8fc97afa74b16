/**
 * Express 4 and 5 middleware that verifies webhooks with `@hookwarden/core`.
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express'
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

export { keepRawBody } from './raw-body.js'

declare global {
  // Express's own extension point: its types merge `namespace Express`.
  namespace Express {
    interface Request {
      /** Set by `createExpressMiddleware` once the webhook is verified. */
      webhook?: VerifiedWebhook
      /** The exact bytes, when a parser kept them (`keepRawBody`). */
      rawBody?: Buffer
    }
  }
}

export interface ExpressMiddlewareOptions {
  /** Largest body accepted, in bytes; default 1 MiB. Larger bodies get 413 without being buffered. */
  limit?: number
  /** Receives every rejection with its full error (the client only sees the code). */
  onError?: (error: WebhookError, req: Request) => void
}

/**
 * Verifies the webhook, then sets `req.webhook` and calls `next()`; otherwise answers the error's
 * status with `{"error":"<code>"}` (and `WWW-Authenticate` for basic auth) and calls `onError`.
 * A body already parsed without its raw bytes is a 500 `ERR_WEBHOOK_BODY_UNAVAILABLE`.
 *
 * @example
 * app.post('/webhooks/github', createExpressMiddleware(presets.github({ secret })), (req, res) => {
 *   const event = req.webhook!.json()
 *   res.sendStatus(204)
 * })
 */
export function createExpressMiddleware(
  verifierOrCheck: Verifier | Check,
  options: ExpressMiddlewareOptions = {},
): RequestHandler {
  const verifier = isVerifier(verifierOrCheck) ? verifierOrCheck : createVerifier(verifierOrCheck)
  const limit = options.limit ?? 1024 * 1024
  if (typeof limit !== 'number' || !(limit >= 0)) {
    throw new WebhookConfigError('createExpressMiddleware: limit must be a number of bytes >= 0')
  }
  const onError = options.onError

  /** Never throws: reading and verifying failures come back as the rejection to send. */
  const receive = async (req: Request): Promise<Reception> => {
    try {
      const body = await readRawBody(req, limit)
      if (body instanceof WebhookError) return { ok: false, rejection: toRejection(body) }
      const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`
      return await verifier.receive({ method: req.method, url, headers: req.headers, body })
    } catch (error) {
      return { ok: false, rejection: toRejection(error) }
    }
  }

  return (req: Request, res: Response, next: NextFunction): void => {
    receive(req)
      .then((reception) => {
        if (reception.ok) {
          req.webhook = reception.webhook
          const settle = (status: number) =>
            reception.settle(status).then((error) => error && onError?.(error, req))
          // Commit on 2xx, release otherwise, BEFORE the response goes out: a sender that retries
          // the moment it sees a failure must find the delivery released, not still in flight.
          const end = res.end
          res.end = function (this: Response, ...args: unknown[]) {
            void settle(this.statusCode).finally(() =>
              (end as (...a: unknown[]) => Response).apply(this, args),
            )
            return this
          } as Response['end']
          res.once('close', () => void settle(500)) // client gone before an answer: release
          return next()
        }
        const { error, status, headers, body } = reception.rejection
        onError?.(error, req)
        // Close the connection after a 413: the unread rest of the body is never drained.
        res
          .writeHead(status, status === 413 ? { ...headers, connection: 'close' } : headers)
          .end(body)
      })
      .catch(next)
  }
}
