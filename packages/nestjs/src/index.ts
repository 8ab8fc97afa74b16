/**
 * NestJS interceptor and `@Webhook()` parameter decorator that verify webhooks with
 * `@hookwarden/core`, on `@nestjs/platform-express` and `@nestjs/platform-fastify`.
 * @module
 */
import {
  applyDecorators,
  createParamDecorator,
  UseFilters,
  UseInterceptors,
  type ExecutionContext,
} from '@nestjs/common'
import {
  WebhookConfigError,
  type Check,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { rejectionFilter } from './rejection.js'
import {
  WebhookInterceptor,
  type NestWebhookRequest,
  type WebhookInterceptorOptions,
} from './webhook-interceptor.js'

export { WebhookRejectedException, WebhookRejectionFilter } from './rejection.js'
export { WebhookInterceptor } from './webhook-interceptor.js'
export type { NestWebhookRequest, WebhookInterceptorOptions } from './webhook-interceptor.js'

/**
 * Makes a route (or every route of a controller) a webhook route: applies a `WebhookInterceptor`
 * and the `WebhookRejectionFilter` that sends its rejections as the core made them.
 *
 * @example
 * const github = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * // Put `@GitHubWebhook()` on a controller method: a POST route that verifies, then answers 204.
 * const GitHubWebhook = () => applyDecorators(Post('github'), HttpCode(204), UseWebhook(github))
 */
export function UseWebhook(
  verifierOrCheck: Verifier | Check,
  options?: WebhookInterceptorOptions,
): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseInterceptors(new WebhookInterceptor(verifierOrCheck, options)),
    UseFilters(rejectionFilter()),
  )
}

// example prelude: declare const request: NestWebhookRequest
/**
 * The verified webhook on a request that went through `WebhookInterceptor`; throws a
 * `WebhookConfigError` when it did not run for this route.
 *
 * @example
 * const event = webhookOf(request).json()
 */
export function webhookOf(request: NestWebhookRequest): VerifiedWebhook {
  if (request.webhook === undefined)
    throw new WebhookConfigError(
      'webhookOf: no verified webhook on this request: apply @UseWebhook(verifier) to this route',
    )
  return request.webhook
}

/**
 * Parameter decorator: the route's verified webhook (`VerifiedWebhook`). Throws a
 * `WebhookConfigError` when the route has no `@UseWebhook` (or `WebhookInterceptor`).
 *
 * @example
 * class GitHubController {
 *   receive(@Webhook() webhook: VerifiedWebhook) {
 *     return webhook.json()
 *   }
 * }
 */
export const Webhook: () => ParameterDecorator = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => webhookOf(context.switchToHttp().getRequest()),
)
