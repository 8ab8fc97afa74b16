// GitHub webhooks on Bun: `GITHUB_WEBHOOK_SECRET=... bun server.ts`, then POST /webhooks/github.
import { presets } from '@hookwarden/core'
import { createFetchHandler } from '@hookwarden/fetch'

const secret = Bun.env.GITHUB_WEBHOOK_SECRET
if (!secret) throw new Error('set GITHUB_WEBHOOK_SECRET')

const github = createFetchHandler(presets.github({ secret }), async (request, webhook) => {
  const event = webhook.json<{ action?: string }>()
  return Response.json({
    event: request.headers.get('x-github-event'),
    action: event.action ?? null,
  })
})

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(Bun.env.PORT ?? 3000),
  routes: { '/webhooks/github': { POST: github } },
  fetch: () => new Response('not found', { status: 404 }),
})
console.log(`listening on ${new URL('/webhooks/github', server.url)}`)
