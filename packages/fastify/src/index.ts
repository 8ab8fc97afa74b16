/**
 * Fastify 4 and 5 plugin that verifies webhooks with `@hookwarden/core`.
 * @module
 */
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyRequest,
  RouteHandlerMethod,
} from 'fastify'
import {
  resolveAdapterOptions,
  toVerifier,
  WebhookConfigError,
  type AdapterOptions,
  type Check,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { webhookRoutes } from './webhook-route.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `fastifyWebhook` once the webhook is verified; read it with `webhookOf(request)`. */
    webhook?: VerifiedWebhook | undefined
  }
}

export interface FastifyWebhookOptions extends AdapterOptions<FastifyRequest> {
  /** What verifies each delivery: a `Verifier` (with its replay store) or a `Check`. */
  verifier: Verifier | Check
}

const AT_ROOT =
  'fastifyWebhook: register it inside an encapsulated scope, app.register(async (scope) => { await ' +
  'scope.register(fastifyWebhook, options); scope.post(...) }), so the rest of the app keeps its parsers'

/**
 * Makes every route declared after it in this scope a webhook route: the body is read raw (within
 * `limit`), verified and claimed; the route's handler runs with `request.webhook` set, and its
 * reply is held in `onSend` until the delivery is committed (2xx) or released, then sent. Anything
 * else gets its status and `{"error":"<code>"}`. Acts on the scope it is registered in (the way a
 * `fastify-plugin` does), so register it inside an encapsulated scope; routes elsewhere keep
 * Fastify's parsing. Throws `WebhookConfigError` on bad options or at the root instance.
 *
 * @example
 * const github = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * const app = fastify()
 * await app.register(async (scope) => {
 *   await scope.register(fastifyWebhook, { verifier: github })
 *   scope.post('/webhooks/github', async (request) => ({ action: webhookOf(request).json() }))
 * })
 */
export const fastifyWebhook: FastifyPluginAsync<FastifyWebhookOptions> = Object.assign(
  async function fastifyWebhook(scope: FastifyInstance, options: FastifyWebhookOptions) {
    // The root instance is a plain object; every encapsulated scope inherits from its parent.
    if (Object.getPrototypeOf(scope) === Object.prototype) throw new WebhookConfigError(AT_ROOT)
    const given = options?.verifier
    if (typeof given !== 'object' || given === null)
      throw new WebhookConfigError(
        'fastifyWebhook: options.verifier (a Verifier or a Check) is required',
      )
    const verifier = toVerifier(given, 'fastifyWebhook')
    const resolved = resolveAdapterOptions(options, 'fastifyWebhook', ['verifier'])
    const routes = webhookRoutes(verifier, resolved)
    const wrapped = new WeakSet<RouteHandlerMethod>()

    scope.removeAllContentTypeParsers()
    // Every body is left unread here: the route reads the exact bytes itself, within `limit`.
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined))
    if (!scope.hasRequestDecorator('webhook')) scope.decorateRequest('webhook', undefined)
    scope.decorateRequest(routes.slot, null)
    scope.addHook('onRoute', (options) => {
      if (wrapped.has(options.handler)) return
      options.handler = routes.wrap(options.handler)
      wrapped.add(options.handler)
      // Route-level onSend hooks run after the scope's: this one sees the final status.
      options.onSend = [options.onSend ?? []].flat().concat(routes.holdUntilSettled)
    })
  },
  { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'hookwarden' },
)

// example prelude: declare const scope: FastifyInstance
// declare function handle(event: unknown): void
/**
 * The verified webhook on a request of a `fastifyWebhook` scope; throws a `WebhookConfigError`
 * when the plugin did not run for this route (no `!` needed).
 *
 * @example
 * scope.post('/hooks', async (request) => handle(webhookOf(request).json()))
 */
export function webhookOf(request: FastifyRequest): VerifiedWebhook {
  if (request.webhook === undefined)
    throw new WebhookConfigError(
      'webhookOf: no verified webhook on this request: register fastifyWebhook in this scope before declaring the route',
    )
  return request.webhook
}
