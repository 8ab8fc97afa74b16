// GitHub webhooks on Express with OpenTelemetry: a span and metrics for every verification, and
// the "old secret still in use" signal during a secret roll.
//
//   GITHUB_WEBHOOK_SECRET=new [GITHUB_WEBHOOK_SECRET_PREVIOUS=old GITHUB_WEBHOOK_ROLLED_AT=2026-05-01T09:00:00Z] \
//     node server.mjs
//
// then POST /webhooks/github and read GET /metrics.
import { fileURLToPath } from 'node:url'
import express from 'express'
import { createVerifier, presets, rotation } from '@hookwarden/core'
import { createExpressMiddleware } from '@hookwarden/express'
import { openTelemetryEvents } from '@hookwarden/opentelemetry'
import { createTelemetry } from './telemetry.mjs'

/**
 * The app. `secrets` is `{ current, previous?, rolledAt? }`: with a previous secret, it stays valid
 * for 24 hours after `rolledAt`, and deliveries signed with it are counted with
 * `hookwarden_key_status="previous"`.
 */
export function createApp({ secrets, telemetry }) {
  const secret =
    secrets.previous === undefined
      ? secrets.current
      : rotation({ ...secrets, rolledAt: secrets.rolledAt ?? new Date(), grace: '24h' })
  const verifier = createVerifier(presets.github({ secret }), {
    events: openTelemetryEvents({
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
    }),
  })

  const app = express()
  app.get('/metrics', telemetry.metrics)
  // Mount the webhook route before any JSON parser: the middleware needs the raw bytes.
  app.post(
    '/webhooks/github',
    createExpressMiddleware(verifier, {
      onError: (error) => console.warn(`github webhook rejected: ${error.code}`),
    }),
    (req, res) => {
      res.json({ event: req.get('x-github-event') ?? null, keyStatus: req.webhook.keyStatus })
    },
  )
  return app
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const current = process.env.GITHUB_WEBHOOK_SECRET
  if (!current) throw new Error('set GITHUB_WEBHOOK_SECRET')
  const secrets = {
    current,
    previous: process.env.GITHUB_WEBHOOK_SECRET_PREVIOUS || undefined,
    rolledAt: process.env.GITHUB_WEBHOOK_ROLLED_AT || undefined,
  }
  const telemetry = createTelemetry({ logSpans: process.env.OTEL_LOG_SPANS === '1' })
  const server = createApp({ secrets, telemetry }).listen(
    Number(process.env.PORT ?? 3000),
    '127.0.0.1',
    () => console.log(`listening on http://127.0.0.1:${server.address().port}/webhooks/github`),
  )
  process.once('SIGTERM', () => server.close(() => telemetry.shutdown()))
}
