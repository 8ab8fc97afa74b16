/**
 * How a rejected webhook leaves a Nest app: an `HttpException` carrying the core's answer, and a
 * filter that sends that answer byte for byte.
 */
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common'
import type { Rejection } from '@hookwarden/core'
import { sendRejection } from '@hookwarden/node'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The Node response under Nest's: Express's `res` is one, Fastify's reply holds it as `raw`. */
export function nodeResponse(response: ServerResponse | { raw: ServerResponse }): ServerResponse {
  return 'raw' in response ? response.raw : response
}

/** The Node request under Nest's (Express's `req`, or Fastify's `request.raw`). */
export function nodeRequest(request: IncomingMessage | { raw: IncomingMessage }): IncomingMessage {
  return 'raw' in request ? request.raw : request
}

// example prelude: declare const exception: unknown
// declare const metrics: { count(status: number): void }
/**
 * Thrown by `WebhookInterceptor` instead of running the handler: a rejection (401, 413, ...), the
 * answer to a processed duplicate, or an endpoint handshake. Its response is the core's JSON
 * answer, so Nest's own exception filter already sends `{"error":"<code>"}` with the status;
 * `WebhookRejectionFilter` (applied by `@UseWebhook`) also sends text handshake answers exactly.
 *
 * @example
 * if (exception instanceof WebhookRejectedException) metrics.count(exception.rejection.status)
 */
export class WebhookRejectedException extends HttpException {
  readonly rejection: Rejection
  constructor(rejection: Rejection) {
    const json = rejection.headers['content-type']?.startsWith('application/json') === true
    super(json ? (JSON.parse(rejection.body) as object) : rejection.body, rejection.status)
    this.rejection = rejection
  }
}

// example prelude: declare const check: Check
/**
 * Sends a `WebhookRejectedException`'s answer as the core made it: status, headers and body.
 *
 * @example
 * // What `@UseWebhook(check)` applies; compose it yourself to add interceptors of your own.
 * const GitHubWebhook = () =>
 *   applyDecorators(UseInterceptors(new WebhookInterceptor(check)), UseFilters(new WebhookRejectionFilter()))
 */
export class WebhookRejectionFilter implements ExceptionFilter<WebhookRejectedException> {
  catch(exception: WebhookRejectedException, host: ArgumentsHost): void {
    sendRejection(nodeResponse(host.switchToHttp().getResponse()), exception.rejection)
  }
}

let caught = false
/** The filter with its `@Catch` metadata, applied once Nest (and reflect-metadata) is loaded. */
export function rejectionFilter(): WebhookRejectionFilter {
  if (!caught) Catch(WebhookRejectedException)(WebhookRejectionFilter)
  caught = true
  return new WebhookRejectionFilter()
}
