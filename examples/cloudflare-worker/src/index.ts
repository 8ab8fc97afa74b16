/**
 * GitHub webhooks on Cloudflare Workers (`wrangler dev`). The secret is a binding, so the handler
 * is built on the first request and reused. Replay protection is shared by every instance through
 * the `REPLAY` Durable Object binding (wrangler.toml): a delivery is processed once.
 */
import { durableObjectReplayStore, type ReplayStoreNamespace } from '@hookwarden/cloudflare'
import { createVerifier, presets } from '@hookwarden/core'
import { createFetchHandler } from '@hookwarden/fetch'

// The Durable Object class must be exported from the Worker's main module.
export { ReplayStoreObject } from '@hookwarden/cloudflare/durable-object'

export interface Env {
  GITHUB_WEBHOOK_SECRET: string
  REPLAY: ReplayStoreNamespace
}

/** The part of the Workers `ExecutionContext` this example uses. */
export interface Context {
  waitUntil(promise: Promise<unknown>): void
}

let handler: ((request: Request, env: Env, ctx: Context) => Promise<Response>) | undefined

export default {
  fetch(request: Request, env: Env, ctx: Context): Promise<Response> | Response {
    const { pathname } = new URL(request.url)
    if (request.method !== 'POST' || pathname !== '/webhooks/github')
      return new Response('not found', { status: 404 })
    handler ??= createFetchHandler(
      createVerifier(presets.github({ secret: env.GITHUB_WEBHOOK_SECRET }), {
        replay: durableObjectReplayStore(env.REPLAY),
      }),
      async (req, webhook, _env: Env, ctx: Context) => {
        const event = webhook.json<{ action?: string }>()
        ctx.waitUntil(Promise.resolve()) // e.g. forward the event to a queue without delaying the answer
        return Response.json({
          event: req.headers.get('x-github-event'),
          action: event.action ?? null,
        })
      },
    )
    return handler(request, env, ctx)
  },
}
