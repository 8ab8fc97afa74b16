/**
 * GitHub webhooks as a Google Cloud Function. The Functions Framework parses the body before your
 * code runs and keeps the exact bytes on `req.rawBody`, which `createNodeHandler` verifies. The same
 * handler works as a Firebase function: `export const githubWebhook = onRequest(handler)`.
 */
import * as functions from '@google-cloud/functions-framework'
import { presets } from '@hookwarden/core'
import { createNodeHandler } from '@hookwarden/node'

const secret = process.env['GITHUB_WEBHOOK_SECRET']
if (!secret) throw new Error('set GITHUB_WEBHOOK_SECRET')

export const handler = createNodeHandler<functions.Request, functions.Response>(
  presets.github({ secret }),
  async (req, res, webhook) => {
    const { action } = webhook.json<{ action: string }>()
    res.status(200).json({ event: req.get('x-github-event'), action })
  },
)

functions.http('githubWebhook', handler)
