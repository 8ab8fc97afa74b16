/**
 * The export names of every public entry: an added, renamed or removed export changes a snapshot
 * here, so API changes show in review. Update deliberately with `vitest run -u test/package`.
 */
import { expect, it } from 'vitest'

const names = (module: object) => Object.keys(module).sort()

it('@hookwarden/core', async () => {
  expect(names(await import('@hookwarden/core'))).toMatchInlineSnapshot(`
    [
      "ERROR_STATUS",
      "WebhookConfigError",
      "WebhookError",
      "WebhookVerificationError",
      "allOf",
      "anyOf",
      "apiKey",
      "basicAuth",
      "createVerifier",
      "describeCheck",
      "diagnose",
      "ecdsa",
      "ed25519",
      "hmac",
      "isVerifier",
      "isWebhookError",
      "jws",
      "memoryReplayStore",
      "parseBasicAuth",
      "parseWebhookRequest",
      "presets",
      "resolveAdapterOptions",
      "rotation",
      "rsa",
      "toRejection",
      "toVerifier",
      "verifyWebhook",
    ]
  `)
})

it('@hookwarden/core/testing', async () => {
  expect(names(await import('@hookwarden/core/testing'))).toMatchInlineSnapshot(`
    [
      "replayStoreCases",
      "signRequest",
    ]
  `)
})

it('@hookwarden/core/presets', async () => {
  expect(names(await import('@hookwarden/core/presets'))).toMatchInlineSnapshot(`
    [
      "adyen",
      "airwallex",
      "asana",
      "bitbucket",
      "calCom",
      "calendly",
      "chargebee",
      "checkoutCom",
      "clerk",
      "coinbaseCommerce",
      "discord",
      "docusign",
      "dropbox",
      "equalsMoney",
      "flutterwave",
      "github",
      "gitlab",
      "goCardless",
      "hubspot",
      "intercom",
      "lago",
      "lemonSqueezy",
      "linear",
      "lune",
      "mailgun",
      "mandrill",
      "meta",
      "microsoftGraph",
      "monime",
      "mux",
      "netlify",
      "notion",
      "okta",
      "openai",
      "orb",
      "paddle",
      "paypal",
      "paystack",
      "plaid",
      "polar",
      "postmark",
      "razorpay",
      "recurly",
      "replicate",
      "resend",
      "revolut",
      "sendgrid",
      "sentry",
      "shopify",
      "slack",
      "solvimon",
      "square",
      "standardWebhooks",
      "standardWebhooksAsymmetric",
      "stripe",
      "svix",
      "twilio",
      "twitch",
      "typeform",
      "vercel",
      "wise",
      "wooCommerce",
      "zendesk",
      "zoom",
    ]
  `)
})

it('@hookwarden/express', async () => {
  expect(names(await import('@hookwarden/express'))).toMatchInlineSnapshot(`
    [
      "createExpressMiddleware",
      "keepRawBody",
      "webhookOf",
    ]
  `)
})

it('@hookwarden/koa', async () => {
  expect(names(await import('@hookwarden/koa'))).toMatchInlineSnapshot(`
    [
      "createKoaMiddleware",
      "webhookOf",
    ]
  `)
})

it('@hookwarden/fetch', async () => {
  expect(names(await import('@hookwarden/fetch'))).toMatchInlineSnapshot(`
    [
      "createFetchHandler",
      "errorResponse",
      "readBody",
      "verifyRequest",
    ]
  `)
})

it('@hookwarden/node', async () => {
  expect(names(await import('@hookwarden/node'))).toMatchInlineSnapshot(`
    [
      "createNodeHandler",
      "holdEnd",
      "readNodeBody",
      "sendRejection",
    ]
  `)
})

it('@hookwarden/fastify', async () => {
  expect(names(await import('@hookwarden/fastify'))).toMatchInlineSnapshot(`
    [
      "fastifyWebhook",
      "webhookOf",
    ]
  `)
})

it('@hookwarden/nestjs', async () => {
  expect(names(await import('@hookwarden/nestjs'))).toMatchInlineSnapshot(`
    [
      "UseWebhook",
      "Webhook",
      "WebhookInterceptor",
      "WebhookRejectedException",
      "WebhookRejectionFilter",
      "webhookOf",
    ]
  `)
})

it('@hookwarden/lambda', async () => {
  expect(names(await import('@hookwarden/lambda'))).toMatchInlineSnapshot(`
    [
      "createLambdaHandler",
    ]
  `)
})

it('@hookwarden/hono', async () => {
  expect(names(await import('@hookwarden/hono'))).toMatchInlineSnapshot(`
    [
      "webhookMiddleware",
    ]
  `)
})

it('@hookwarden/redis', async () => {
  expect(names(await import('@hookwarden/redis'))).toMatchInlineSnapshot(`
    [
      "redisReplayStore",
    ]
  `)
})

it('@hookwarden/postgres', async () => {
  expect(names(await import('@hookwarden/postgres'))).toMatchInlineSnapshot(`
    [
      "postgresReplayStore",
    ]
  `)
})

it('@hookwarden/cloudflare', async () => {
  expect(names(await import('@hookwarden/cloudflare'))).toMatchInlineSnapshot(`
    [
      "durableObjectReplayStore",
    ]
  `)
})

it('@hookwarden/opentelemetry', async () => {
  expect(names(await import('@hookwarden/opentelemetry'))).toMatchInlineSnapshot(`
    [
      "openTelemetryEvents",
    ]
  `)
})

it('presets of @hookwarden/core: the same names as the /presets subpath', async () => {
  const { presets } = await import('@hookwarden/core')
  expect(names(presets)).toStrictEqual(names(await import('@hookwarden/core/presets')))
})
