/**
 * One webhook route on Fastify: read the raw body, run the route's handler inside
 * `verifier.handle`, and hold its reply in `onSend` until the delivery is settled.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onSendHookHandler,
  RouteHandlerMethod,
} from 'fastify'
import type { Rejection, ResolvedAdapterOptions, Verifier } from '@hookwarden/core'
import { readNodeBody, type KeptBody } from '@hookwarden/node'
import { holdSend, type HeldSend } from './hold-send.js'

const UNAVAILABLE =
  'raw body unavailable: a content-type parser in the fastifyWebhook scope consumed the request. ' +
  'Add no parser in that scope (fastifyWebhook reads the raw bytes itself), or keep the bytes on ' +
  'request.rawBody.'

/** Wraps route handlers of one scope; `holdUntilSettled` goes last in each route's `onSend`. */
export function webhookRoutes(
  verifier: Verifier,
  { limit, bodyTimeout: timeout, onError }: ResolvedAdapterOptions<FastifyRequest>,
): { wrap(handler: RouteHandlerMethod): RouteHandlerMethod; holdUntilSettled: onSendHookHandler } {
  const held = new WeakMap<FastifyRequest, HeldSend>()
  const report =
    onError &&
    ((request: FastifyRequest) => (error: Parameters<typeof onError>[0]) => onError(error, request))
  return {
    async holdUntilSettled(request, reply, payload) {
      await held.get(request)?.send(reply.statusCode)
      return payload
    },
    wrap: (handler) =>
      function (this: FastifyInstance, request, reply) {
        return new Promise((resolve, reject) => {
          let hold: HeldSend | undefined
          verifier
            .handle(
              async () => ({
                method: request.method,
                url: `${request.protocol}://${request.headers.host ?? 'localhost'}${request.url}`,
                headers: request.headers,
                body: await readNodeBody(
                  request.raw,
                  { limit, timeout, unavailable: UNAVAILABLE },
                  request as KeptBody,
                ),
              }),
              (webhook) => {
                request.webhook = webhook
                const current = (hold = holdSend(reply))
                held.set(request, current)
                // Fastify sends what the handler returns or throws; onSend reports the status.
                run(handler, this, request, reply, current).then(resolve, reject)
                return current.status
              },
              { status: (code) => code, onError: report?.(request) },
            )
            .then(
              (handled) =>
                handled.ok ? hold?.release() : resolve(answer(reply, handled.rejection)),
              // onError threw: before the handler ran, Fastify's error handling answers; after,
              // the held reply fails with it.
              (error: unknown) => (hold === undefined ? reject(error) : hold.fail(error)),
            )
        })
      },
  }
}

/** A handler that sends by itself (`reply.send()`, no `return reply`) must not be sent twice. */
async function run(
  handler: RouteHandlerMethod,
  self: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  hold: HeldSend,
): Promise<unknown> {
  const value: unknown = handler.call(self, request, reply)
  if (value === undefined) return reply // a callback-style handler: it sends later
  const result = await value
  return result === undefined && hold.reached ? reply : result
}

function answer(reply: FastifyReply, { status, headers, body }: Rejection): FastifyReply {
  reply.code(status).headers(headers)
  // After a 408 or 413 the unread rest of the body is never drained: close the connection.
  if (status === 408 || status === 413) reply.header('connection', 'close')
  return reply.send(body)
}
