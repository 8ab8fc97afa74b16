/**
 * Webhook verification for AWS Lambda: API Gateway REST (v1) and HTTP APIs (v2), Lambda Function
 * URLs and Application Load Balancers, on the Node.js runtimes.
 * @module
 */
import {
  resolveAdapterOptions,
  toVerifier,
  WebhookConfigError,
  type AdapterOptions,
  type Check,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { eventKind, toWebhookRequest, type LambdaHttpEvent } from './event.js'
import { fromRejection, toResponse, type LambdaResponse, type LambdaResult } from './response.js'

export type { AlbEvent, ApiGatewayV1Event, ApiGatewayV2Event, LambdaHttpEvent } from './event.js'
export type { LambdaResponse, LambdaResult } from './response.js'

/** `limit` (default 1 MiB) and `onError`; the body is already in the event, so no `bodyTimeout`. */
export type LambdaHandlerOptions<Event> = Omit<AdapterOptions<Event>, 'bodyTimeout'>

/** What `createLambdaHandler` wraps: the verified webhook, then Lambda's own arguments. */
export type LambdaWebhookHandler<Event, Context> = (
  webhook: VerifiedWebhook,
  event: Event,
  context: Context,
) => LambdaResult | Promise<LambdaResult>

// example prelude: declare const queue: { send(body: unknown): Promise<void> }
/**
 * Wraps `handler` so it runs only for verified webhooks, each delivery once: committed when its
 * `statusCode` is 2xx, released on a throw (rethrown, so Lambda records the failure) or any other
 * status. Anything else gets its status and `{"error":"<code>"}`, in the shape of the event.
 * Throws `WebhookConfigError` for an event no HTTP trigger sent. Type the event with
 * `@types/aws-lambda` if you like: `createLambdaHandler<APIGatewayProxyEventV2>(...)`.
 *
 * @example
 * const stripe = presets.stripe({ secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? '' })
 * export const handler = createLambdaHandler(stripe, async (webhook) => {
 *   await queue.send(webhook.json())
 *   return { statusCode: 204 }
 * })
 * @see https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
 */
export function createLambdaHandler<
  Event extends LambdaHttpEvent = LambdaHttpEvent,
  Context = unknown,
>(
  verifierOrCheck: Verifier | Check,
  handler: LambdaWebhookHandler<Event, Context>,
  options?: LambdaHandlerOptions<Event>,
): (event: Event, context: Context) => Promise<LambdaResponse> {
  const verifier = toVerifier(verifierOrCheck, 'createLambdaHandler')
  if (typeof handler !== 'function')
    throw new WebhookConfigError(
      'createLambdaHandler: a handler (webhook, event, context) => ({ statusCode }) is required',
    )
  const { limit, onError } = resolveAdapterOptions(options, 'createLambdaHandler')

  return async (event, context) => {
    const kind = eventKind(event)
    const handled = await verifier.handle(
      () => toWebhookRequest(kind, event, limit),
      (webhook) => handler(webhook, event, context),
      { status: statusOf, onError: onError && ((error) => onError(error, event)) },
    )
    return toResponse(kind, handled.ok ? handled.value : fromRejection(handled.rejection))
  }
}

function statusOf(result: LambdaResult): number {
  if (typeof (result as LambdaResult | undefined)?.statusCode === 'number') return result.statusCode
  throw new WebhookConfigError(
    'createLambdaHandler: the handler must return { statusCode, headers?, body? }',
  )
}
