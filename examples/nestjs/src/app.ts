// Stripe webhooks on NestJS (platform-express): POST /webhooks/stripe.
import 'reflect-metadata'
import { Controller, HttpCode, Module, Post, type INestApplication } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { createVerifier, memoryReplayStore, presets, type VerifiedWebhook } from '@hookwarden/core'
import { UseWebhook, Webhook } from '@hookwarden/nestjs'

/** The app, given the webhook secret (a function so tests can build it). */
export async function createApp(secret: string): Promise<INestApplication> {
  const verifier = createVerifier(presets.stripe({ secret }), { replay: memoryReplayStore() })

  @Controller('webhooks')
  class StripeController {
    @Post('stripe')
    @HttpCode(200) // 2xx commits the delivery; a throw releases it for Stripe's retry
    @UseWebhook(verifier)
    receive(@Webhook() webhook: VerifiedWebhook) {
      const event = webhook.json<{ type: string }>()
      return { received: event.type }
    }
  }

  @Module({ controllers: [StripeController] })
  class AppModule {}

  // rawBody: true keeps the exact bytes Nest's JSON parser read: the signature covers them.
  return NestFactory.create(AppModule, { rawBody: true, logger: ['error'] })
}
