/**
 * Stripe webhooks on AWS Lambda, behind a Function URL, API Gateway (REST or HTTP API) or an ALB:
 * one handler for all of them. Deploy with the handler `handler.handler`.
 */
import { presets } from '@hookwarden/core'
import { createLambdaHandler } from '@hookwarden/lambda'

const secret = process.env['STRIPE_WEBHOOK_SECRET']
if (!secret) throw new Error('set STRIPE_WEBHOOK_SECRET')

export const handler = createLambdaHandler(presets.stripe({ secret }), async (webhook) => {
  const event = webhook.json<{ type: string }>()
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ received: event.type }),
  }
})
