// GitHub webhooks on Express: `GITHUB_WEBHOOK_SECRET=... node server.mjs`, then POST /webhooks/github.
import { fileURLToPath } from 'node:url'
import express from 'express'
import { presets } from '@hookwarden/core'
import { createExpressMiddleware } from '@hookwarden/express'

/** The app, given the webhook secret (a function so tests can build it). */
export function createApp(secret) {
  const app = express()

  // Mount the webhook route before any JSON parser: the middleware needs the raw bytes.
  app.post(
    '/webhooks/github',
    createExpressMiddleware(presets.github({ secret }), {
      onError: (error) => console.warn(`github webhook rejected: ${error.code}`),
    }),
    (req, res) => {
      const event = req.webhook.json()
      res.json({ event: req.get('x-github-event') ?? null, action: event.action ?? null })
    },
  )

  app.use(express.json()) // the rest of the app parses JSON as usual
  return app
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secret = process.env.GITHUB_WEBHOOK_SECRET
  if (!secret) throw new Error('set GITHUB_WEBHOOK_SECRET')
  const server = createApp(secret).listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}/webhooks/github`)
  })
}
