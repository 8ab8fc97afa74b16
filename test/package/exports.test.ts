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
      "rotation",
      "toRejection",
      "verifyWebhook",
    ]
  `)
})

it('@hookwarden/core/testing', async () => {
  expect(names(await import('@hookwarden/core/testing'))).toMatchInlineSnapshot(`
    [
      "signRequest",
    ]
  `)
})

it('@hookwarden/express', async () => {
  expect(names(await import('@hookwarden/express'))).toMatchInlineSnapshot(`
    [
      "createExpressMiddleware",
      "keepRawBody",
    ]
  `)
})

it('@hookwarden/koa', async () => {
  expect(names(await import('@hookwarden/koa'))).toMatchInlineSnapshot(`
    [
      "createKoaMiddleware",
    ]
  `)
})

it('@hookwarden/fetch', async () => {
  expect(names(await import('@hookwarden/fetch'))).toMatchInlineSnapshot(`
    [
      "createFetchHandler",
      "errorResponse",
      "verifyRequest",
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

it('presets of @hookwarden/core', async () => {
  const { presets } = await import('@hookwarden/core')
  expect(names(presets)).toMatchInlineSnapshot(`
    [
      "asana",
      "calendly",
      "clerk",
      "coinbaseCommerce",
      "discord",
      "dropbox",
      "equalsMoney",
      "github",
      "gitlab",
      "hubspot",
      "intercom",
      "lemonSqueezy",
      "linear",
      "lune",
      "meta",
      "microsoftGraph",
      "monime",
      "okta",
      "paddle",
      "plaid",
      "resend",
      "sendgrid",
      "shopify",
      "slack",
      "solvimon",
      "square",
      "standardWebhooks",
      "standardWebhooksAsymmetric",
      "stripe",
      "svix",
      "twitch",
      "typeform",
      "vercel",
      "wooCommerce",
      "zoom",
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
