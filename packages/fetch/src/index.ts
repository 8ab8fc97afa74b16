/**
 * Webhook verification for `(Request) => Response` handlers: workers, Next.js, Hono, Bun, Deno.
 * @module
 */
import {
  createVerifier,
  isVerifier,
  toRejection,
  WebhookError,
  type Check,
  type Reception,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { readBody } from './read-body.js'
import { validLimit, type VerifyRequestOptions } from './verify-request.js'

export { errorResponse } from './error-response.js'
export { verifyRequest } from './verify-request.js'
export type { VerifyRequestOptions } from './verify-request.js'

export interface FetchHandlerOptions extends VerifyRequestOptions {
  /** Receives every rejection with its full error (the client only sees the code). */
  onError?: (error: WebhookError, request: Request) => void
}

/** What `createFetchHandler` wraps: the request, the verified webhook, then the platform's extras (`env`, `ctx`). */
export type WebhookHandler<Rest extends unknown[]> = (
  request: Request,
  webhook: VerifiedWebhook,
  ...rest: Rest
) => Response | Promise<Response>

/**
 * Wraps `handler` so it runs only for verified webhooks; anything else gets `errorResponse` and
 * `onError`. Extra arguments (a worker's `env` and `ctx`) pass through to `handler`.
 *
 * @example
 * export default {
 *   fetch: createFetchHandler(presets.github({ secret }), async (request, webhook, env: Env) => {
 *     await env.QUEUE.send(webhook.json())
 *     return new Response(null, { status: 204 })
 *   }),
 * }
 */
export function createFetchHandler<Rest extends unknown[] = []>(
  verifierOrCheck: Verifier | Check,
  handler: WebhookHandler<Rest>,
  options: FetchHandlerOptions = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  const verifier = isVerifier(verifierOrCheck) ? verifierOrCheck : createVerifier(verifierOrCheck)
  const limit = validLimit(options.limit, 'createFetchHandler')
  const onError = options.onError

  /** Never throws: reading and verifying failures come back as the rejection to send. */
  const receive = async (request: Request): Promise<Reception> => {
    try {
      const body = await readBody(request, limit)
      if (body instanceof WebhookError) return { ok: false, rejection: toRejection(body) }
      return await verifier.receive({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body,
      })
    } catch (error) {
      return { ok: false, rejection: toRejection(error) }
    }
  }

  const settle = async (reception: Reception & { ok: true }, status: number, request: Request) => {
    const error = await reception.settle(status)
    if (error) onError?.(error, request)
  }

  return async (request, ...rest) => {
    const reception = await receive(request)
    if (!reception.ok) {
      const { error, status, headers, body } = reception.rejection
      onError?.(error, request)
      return new Response(body, { status, headers })
    }
    // Commit once the handler answered 2xx; release on a throw or any other status.
    let response: Response
    try {
      response = await handler(request, reception.webhook, ...rest)
    } catch (error) {
      await settle(reception, 500, request)
      throw error
    }
    await settle(reception, response.status, request)
    return response
  }
}
