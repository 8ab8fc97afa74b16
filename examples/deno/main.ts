// GitHub webhooks on Deno: `GITHUB_WEBHOOK_SECRET=... deno run --allow-net=127.0.0.1 --allow-env main.ts`.
// Deno resolves @hookwarden/* from package.json and node_modules (in a plain Deno project: npm:@hookwarden/fetch).
import { presets } from '@hookwarden/core'
import { createFetchHandler } from '@hookwarden/fetch'

const secret = Deno.env.get('GITHUB_WEBHOOK_SECRET')
if (!secret) throw new Error('set GITHUB_WEBHOOK_SECRET')

const github = createFetchHandler(presets.github({ secret }), async (request, webhook) => {
  const event = webhook.json<{ action?: string }>()
  return Response.json({
    event: request.headers.get('x-github-event'),
    action: event.action ?? null,
  })
})

Deno.serve(
  {
    hostname: '127.0.0.1',
    port: Number(Deno.env.get('PORT') ?? 8000),
    onListen: ({ hostname, port }) =>
      console.log(`listening on http://${hostname}:${port}/webhooks/github`),
  },
  (request) => {
    const { pathname } = new URL(request.url)
    if (request.method === 'POST' && pathname === '/webhooks/github') return github(request)
    return new Response('not found', { status: 404 })
  },
)
