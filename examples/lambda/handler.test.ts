import lambdaLocal from 'lambda-local'
import Stripe from 'stripe'
import { beforeAll, expect, it } from 'vitest'
import functionUrl from '../../packages/lambda/src/fixtures/function-url.json' with { type: 'json' }

const secret = 'whsec_lambda_example'
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded' })
let handler: (event: unknown, context: unknown) => Promise<unknown>

beforeAll(async () => {
  process.env['STRIPE_WEBHOOK_SECRET'] = secret // as the function's environment sets it
  ;({ handler } = (await import('./src/handler.js')) as never)
})

/** AWS's Function URL sample event, carrying a Stripe delivery (binary-safe: Base64). */
function event(signingSecret: string) {
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: signingSecret })
  return {
    ...functionUrl,
    headers: { ...functionUrl.headers, 'stripe-signature': header },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  }
}

// lambda-local runs the handler as the Lambda Node.js runtime would, with a real context.
const invoke = (e: unknown) =>
  lambdaLocal.execute({ event: e, lambdaFunc: { handler }, verboseLevel: 0 })

it('accepts a delivery signed by the Stripe SDK', async () => {
  expect(await invoke(event(secret))).toStrictEqual({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"received":"payment_intent.succeeded"}',
    isBase64Encoded: false,
  })
})

it('rejects a delivery signed with another secret', async () => {
  expect(await invoke(event('whsec_other'))).toStrictEqual({
    statusCode: 401,
    headers: { 'content-type': 'application/json' },
    body: '{"error":"ERR_WEBHOOK_SIGNATURE_MISMATCH"}',
    isBase64Encoded: false,
  })
})
