// GitHub webhooks on Fastify: `GITHUB_WEBHOOK_SECRET=... node server.mjs`, then POST /webhooks/github.
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { createVerifier, memoryReplayStore, presets } from '@hookwarden/core'
import { fastifyWebhook, webhookOf } from '@hookwarden/fastify'

/** The app, given the webhook secret (a function so tests can build it). */
export async function createApp(secret) {
  const app = Fastify()
  const verifier = createVerifier(presets.github({ secret }), { replay: memoryReplayStore() })

  // The webhook routes live in their own scope: the plugin reads raw bytes there only.
  await app.register(async (scope) => {
    await scope.register(fastifyWebhook, {
      verifier,
      onError: (error) => app.log.warn(`github webhook rejected: ${error.code}`),
    })
    scope.post('/webhooks/github', async (request) => {
      const event = webhookOf(request).json()
      return { event: request.headers['x-github-event'] ?? null, action: event.action ?? null }
    })
  })

  app.post('/api/echo', async (request) => request.body) // the rest of the app parses JSON as usual
  return app
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secret = process.env.GITHUB_WEBHOOK_SECRET
  if (!secret) throw new Error('set GITHUB_WEBHOOK_SECRET')
  const app = await createApp(secret)
  const url = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' })
  console.log(`listening on ${url}/webhooks/github`)
}
