/**
 * Webhook verification for `(Request) => Response` handlers: workers, Next.js, Hono, Bun, Deno.
 * @module
 */
import {
  resolveAdapterOptions,
  toVerifier,
  WebhookConfigError,
  type AdapterOptions,
  type Check,
  type Handled,
  type HandleOptions,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { readBody } from './read-body.js'
import { answer } from './error-response.js'

export { errorResponse } from './error-response.js'
export { readBody } from './read-body.js'
export { verifyRequest } from './verify-request.js'
export type { VerifyRequestOptions } from './verify-request.js'

export type FetchHandlerOptions = AdapterOptions<Request>

/** What `createFetchHandler` wraps: the request, the verified webhook, then the platform's extras (`env`, `ctx`). */
export type WebhookHandler<Rest extends unknown[]> = (
  request: Request,
  webhook: VerifiedWebhook,
  ...rest: Rest
) => Response | Promise<Response>

// example prelude: interface Env {
//   QUEUE: { send(body: unknown): Promise<void> }
// }
/**
 * Wraps `handler` so it runs only for verified webhooks, each delivery once: committed when the
 * handler's `Response` is 2xx, released on a throw or any other status. Anything else gets its
 * status and `{"error":"<code>"}`. Extra arguments (a worker's `env` and `ctx`) pass through.
 *
 * @example
 * const github = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * export default {
 *   fetch: createFetchHandler(github, async (request, webhook, env: Env) => {
 *     await env.QUEUE.send(webhook.json())
 *     return new Response(null, { status: 204 })
 *   }),
 * }
 */
export function createFetchHandler<Rest extends unknown[] = []>(
  verifierOrCheck: Verifier | Check,
  handler: WebhookHandler<Rest>,
  options?: FetchHandlerOptions,
): (request: Request, ...rest: Rest) => Promise<Response> {
  const verifier = toVerifier(verifierOrCheck, 'createFetchHandler')
  if (typeof handler !== 'function')
    throw new WebhookConfigError(
      'createFetchHandler: a handler (request, webhook, ...rest) => Response is required as the second argument',
    )
  const { limit, bodyTimeout, onError } = resolveAdapterOptions(options, 'createFetchHandler')

  // Without onError the handle options hold no per-request closure: made once.
  const shared: HandleOptions<Response> = { status: statusOf }
  return (request, ...rest) =>
    verifier
      .handle(
        () =>
          readBody(request, limit, bodyTimeout).then((body) => ({
            method: request.method,
            url: request.url,
            headers: request.headers,
            body,
          })),
        (webhook) => handler(request, webhook, ...rest),
        onError === undefined
          ? shared
          : { status: statusOf, onError: (error) => onError(error, request) },
      )
      .then(respond)
}

function respond(handled: Handled<Response>): Response {
  return handled.ok ? handled.value : answer(handled.rejection)
}

/** A handler mounted where a framework passes its own context (Hono's `c`) returns no Response. */
function statusOf(response: unknown): number {
  if (response instanceof Response || typeof (response as Response)?.status === 'number')
    return (response as Response).status
  throw new WebhookConfigError(
    'createFetchHandler: the handler must return a Response (mounted on Hono? use @hookwarden/hono)',
  )
}
