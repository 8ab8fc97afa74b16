/**
 * The interceptor that runs a Nest route handler inside `verifier.handle`: verify and claim, run
 * the handler, commit on 2xx or release, then let Nest answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  HttpException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common'
import { from, lastValueFrom, type Observable } from 'rxjs'
import {
  resolveAdapterOptions,
  toVerifier,
  WebhookConfigError,
  type AdapterOptions,
  type Check,
  type ResolvedAdapterOptions,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { readNodeBody, type KeptBody } from '@hookwarden/node'
import { nodeRequest, nodeResponse, WebhookRejectedException } from './rejection.js'

/** The request as Nest hands it over: Express's `req`, or Fastify's request (`raw` inside). */
export type NestWebhookRequest = (IncomingMessage | { readonly raw: IncomingMessage }) &
  KeptBody & { webhook?: VerifiedWebhook | undefined }

export type WebhookInterceptorOptions = AdapterOptions<NestWebhookRequest>

const UNAVAILABLE =
  "raw body unavailable: Nest's body parser consumed the request without keeping the bytes. " +
  'Create the app with NestFactory.create(AppModule, { rawBody: true }) so req.rawBody keeps them.'

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/**
 * Runs the route handler only for verified webhooks, each delivery once: committed when the
 * handler succeeds with a 2xx status (`@HttpCode`, or Nest's default), released when it throws
 * (an `HttpException`'s status, else 500) or answers otherwise, before Nest sends the response.
 * Anything else throws `WebhookRejectedException`. Sets `request.webhook` (`@Webhook()`).
 *
 * @example
 * const github = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * // With `WebhookRejectionFilter`, as `@UseWebhook(github)` applies them:
 * const GitHubWebhook = () =>
 *   applyDecorators(UseInterceptors(new WebhookInterceptor(github)), UseFilters(new WebhookRejectionFilter()))
 */
export class WebhookInterceptor implements NestInterceptor {
  readonly #verifier: Verifier
  readonly #options: ResolvedAdapterOptions<NestWebhookRequest>

  constructor(verifierOrCheck: Verifier | Check, options?: WebhookInterceptorOptions) {
    this.#verifier = toVerifier(verifierOrCheck, 'WebhookInterceptor')
    this.#options = resolveAdapterOptions(options, 'WebhookInterceptor')
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http')
      throw new WebhookConfigError('WebhookInterceptor: webhooks arrive over HTTP routes only')
    const http = context.switchToHttp()
    const request = http.getRequest<NestWebhookRequest>()
    const response = http.getResponse<
      ServerResponse | { raw: ServerResponse; statusCode: number }
    >()
    const raw = nodeRequest(request)
    const { limit, bodyTimeout: timeout, onError } = this.#options
    const handled = this.#verifier.handle(
      async () => ({
        method: raw.method,
        url: `http://${raw.headers.host ?? 'localhost'}${raw.url ?? '/'}`,
        headers: raw.headers,
        body: await readNodeBody(raw, { limit, timeout, unavailable: UNAVAILABLE }, request),
      }),
      async (webhook): Promise<Outcome> => {
        request.webhook = webhook
        try {
          return {
            ok: true,
            value: await lastValueFrom(next.handle(), { defaultValue: undefined }),
          }
        } catch (error) {
          return { ok: false, error }
        }
      },
      {
        status: (outcome) =>
          outcome.ok
            ? response.statusCode
            : outcome.error instanceof HttpException
              ? outcome.error.getStatus()
              : 500,
        onError: onError && ((error) => onError(error, request)),
      },
    )
    return from(
      handled.then((result) => {
        if (!result.ok) {
          const res = nodeResponse(response)
          for (const [name, value] of Object.entries(result.rejection.headers))
            res.setHeader(name, value)
          throw new WebhookRejectedException(result.rejection)
        }
        if (!result.value.ok) throw result.value.error
        return result.value.value
      }),
    )
  }
}
