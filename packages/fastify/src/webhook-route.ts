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

/** A request of a webhook scope, with the slot its held reply is kept in. */
type SlottedRequest = FastifyRequest & { [slot: symbol]: HeldSend | null }

/**
 * Wraps route handlers of one scope; `holdUntilSettled` goes last in each route's `onSend`. `slot`
 * is the request decorator (initially `null`) that carries a request's held reply to `onSend`.
 */
export function webhookRoutes(
  verifier: Verifier,
  { limit, bodyTimeout: timeout, onError }: ResolvedAdapterOptions<FastifyRequest>,
): {
  slot: symbol
  wrap(handler: RouteHandlerMethod): RouteHandlerMethod
  holdUntilSettled: onSendHookHandler
} {
  // A decorated slot, not a WeakMap keyed by request: every request would add an ephemeron entry,
  // which made garbage collection the largest per-request cost of this adapter.
  const slot = Symbol('hookwarden held reply')
  const bodyOptions = { limit, timeout, unavailable: UNAVAILABLE }
  const report =
    onError &&
    ((request: FastifyRequest) => (error: Parameters<typeof onError>[0]) => onError(error, request))
  return {
    slot,
    async holdUntilSettled(request, reply, payload) {
      await (request as SlottedRequest)[slot]?.send(reply.statusCode)
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
                body: await readNodeBody(request.raw, bodyOptions, request as KeptBody),
              }),
              (webhook) => {
                request.webhook = webhook
                const current = (hold = holdSend(reply))
                ;(request as SlottedRequest)[slot] = current
                // Fastify sends what the handler returns or throws; onSend reports the status.
                run(handler, this, request, reply, current).then(resolve, reject)
                return current.status
              },
              { status: asStatus, onError: report?.(request) },
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

const asStatus = (code: number): number => code

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
