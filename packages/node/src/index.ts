/**
 * Webhook verification for Node's `(req, res)`: `node:http`, Next.js Pages Router API routes,
 * Google Cloud Functions / Firebase, Polka; plus the raw-body reading other Node adapters share.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  resolveAdapterOptions,
  toVerifier,
  WebhookConfigError,
  type AdapterOptions,
  type Check,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'
import { readNodeBody } from './read-body.js'
import { holdEnd, sendRejection, type HeldEnd } from './respond.js'

export { readNodeBody } from './read-body.js'
export type { KeptBody, NodeBodyOptions } from './read-body.js'
export { holdEnd, sendRejection } from './respond.js'
export type { HeldEnd } from './respond.js'

export type NodeHandlerOptions = AdapterOptions<IncomingMessage>

/** What `createNodeHandler` wraps: it answers through `res`, like every Node handler. */
export type NodeWebhookHandler<Req extends IncomingMessage, Res extends ServerResponse> = (
  req: Req,
  res: Res,
  webhook: VerifiedWebhook,
) => unknown

const UNAVAILABLE =
  'raw body unavailable: the request body was parsed before createNodeHandler. In a Next.js Pages ' +
  'Router API route export `config = { api: { bodyParser: false } }`; elsewhere keep the bytes on ' +
  'req.rawBody (Cloud Functions and Firebase do) or mount no body parser on this route.'

/** The handler's value is the status it ended the response with. */
const asStatus = (code: number): number => code

// example prelude: declare const queue: { send(body: unknown): Promise<void> }
/**
 * Wraps `handler` so it runs only for verified webhooks, each delivery once: the claim is committed
 * when the handler ends the response with 2xx and released otherwise, before the response leaves.
 * Anything else gets its status and `{"error":"<code>"}`.
 *
 * @example
 * const github = presets.github({ secret: process.env['GITHUB_WEBHOOK_SECRET'] ?? '' })
 * http.createServer(createNodeHandler(github, async (req, res, webhook) => {
 *   await queue.send(webhook.json())
 *   res.writeHead(204).end()
 * }))
 */
export function createNodeHandler<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
>(
  verifierOrCheck: Verifier | Check,
  handler: NodeWebhookHandler<Req, Res>,
  options?: NodeHandlerOptions,
): (req: Req, res: Res) => Promise<void> {
  const verifier = toVerifier(verifierOrCheck, 'createNodeHandler')
  if (typeof handler !== 'function')
    throw new WebhookConfigError('createNodeHandler: a handler (req, res, webhook) is required')
  const {
    limit,
    bodyTimeout: timeout,
    onError,
  } = resolveAdapterOptions(options, 'createNodeHandler')
  const bodyOptions = { limit, timeout, unavailable: UNAVAILABLE }

  return async (req, res) => {
    let held: HeldEnd | undefined
    try {
      const handled = await verifier.handle(
        async () => ({
          method: req.method,
          url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
          headers: req.headers,
          body: await readNodeBody(req, bodyOptions),
        }),
        async (webhook) => {
          held = holdEnd(res)
          await handler(req, res, webhook)
          return held.status
        },
        { status: asStatus, onError: onError && ((error) => onError(error, req)) },
      )
      if (handled.ok) held?.flush()
      else sendRejection(res, handled.rejection)
    } catch (error) {
      // The handler threw: its claim is already released. Answer 500 unless it answered itself,
      // then let the error reach the host (Next.js, Functions Framework) like every handler's error.
      held?.flush()
      if (!res.headersSent) res.writeHead(500).end()
      else if (!res.writableEnded) res.end()
      throw error
    }
  }
}
