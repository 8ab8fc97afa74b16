/**
 * The conformance receiver as one fetch handler: `createFetchHandler` per route, plus a stats
 * endpoint. Uses no Node APIs: the runtime tests bundle it into workerd, Bun, Deno and edge-runtime.
 */
import { createFetchHandler } from '@hookwarden/fetch'
import { createRoutes, echo, errorRecord, type ErrorRecord } from './routes.js'

export interface Stats {
  calls: number
  errors: ErrorRecord[]
}

/**
 * `/<route>` verifies with the route's check; `/parsed/<route>` reads the body as text first, as a
 * framework's body parser would, so the handler must answer 500 `ERR_WEBHOOK_BODY_UNAVAILABLE`.
 * `GET /__stats` reports handler calls and `onError` calls.
 */
export function createFetchApp(): (request: Request) => Promise<Response> {
  const stats: Stats = { calls: 0, errors: [] }
  const handlers = new Map<string, (request: Request) => Promise<Response>>()
  for (const [path, route] of Object.entries(createRoutes())) {
    const handler = createFetchHandler(
      route.check,
      async (_request, webhook) => {
        stats.calls++
        return Response.json(await echo(webhook))
      },
      {
        ...(route.limit === undefined ? {} : { limit: route.limit }),
        onError: (error) => stats.errors.push(errorRecord(path, error)),
      },
    )
    handlers.set(path, handler)
  }

  return async (request) => {
    const { pathname } = new URL(request.url)
    if (pathname === '/__stats') return Response.json(stats)
    const parsed = pathname.startsWith('/parsed/')
    const handler = handlers.get(parsed ? pathname.slice('/parsed'.length) : pathname)
    if (handler === undefined) return new Response('not found', { status: 404 })
    if (parsed) await request.text()
    return handler(request)
  }
}
