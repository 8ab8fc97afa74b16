/**
 * GitHub webhooks on Cloudflare Workers (`wrangler dev`). The secret is a binding, so the handler
 * is built on the first request and reused.
 */
import { presets } from '@hookwarden/core'
import { createFetchHandler } from '@hookwarden/fetch'

export interface Env {
  GITHUB_WEBHOOK_SECRET: string
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
      presets.github({ secret: env.GITHUB_WEBHOOK_SECRET }),
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
