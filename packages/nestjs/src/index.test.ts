import 'reflect-metadata'
import { createHmac } from 'node:crypto'
import {
  Controller,
  Get,
  HttpCode,
  HttpException,
  Module,
  Post,
  type INestApplication,
} from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import { FastifyAdapter } from '@nestjs/platform-fastify'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createVerifier,
  memoryReplayStore,
  presets,
  WebhookConfigError,
  type VerifiedWebhook,
  type WebhookError,
} from '@hookwarden/core'
import { UseWebhook, Webhook } from './index.js'

const secret = 'unit secret'
const sign = (body: string) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
const errors: WebhookError[] = []
const verifier = createVerifier(presets.github({ secret }), { replay: memoryReplayStore() })
let calls = 0

@Controller()
class HooksController {
  @Post('hook')
  @UseWebhook(presets.github({ secret }), { onError: (error) => errors.push(error) })
  hook(@Webhook() webhook: VerifiedWebhook) {
    return { check: webhook.check, text: webhook.text() }
  }

  @Post('once')
  @HttpCode(204)
  @UseWebhook(verifier)
  once() {
    // The first attempt fails (released), the retry succeeds (committed).
    if (++calls === 1) throw new HttpException('busy', 503)
  }

  @Get('unguarded')
  unguarded(@Webhook() webhook: VerifiedWebhook) {
    return webhook.check
  }
}

@Module({ controllers: [HooksController] })
class AppModule {}

let app: INestApplication | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

async function boot(platform: 'express' | 'fastify', rawBody: boolean): Promise<string> {
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter()
  app = await NestFactory.create(AppModule, adapter, { rawBody, logger: false })
  await app.listen(0, '127.0.0.1')
  return (await app.getUrl()).replace('[::1]', '127.0.0.1')
}

const post = (url: string, body: string, signature = sign(body)) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    body,
  })

describe.each(['express', 'fastify'] as const)('@UseWebhook on platform-%s', (platform) => {
  it('verifies the raw bytes Nest kept with rawBody: true and hands @Webhook() over', async () => {
    const base = await boot(platform, true)
    const body = '{ "spaced" :  true }'
    const response = await post(`${base}/hook`, body)
    expect(response.status).toBe(201)
    expect(await response.json()).toStrictEqual({ check: 'github', text: body })
  })

  it('rejects a bad signature with the status and code only', async () => {
    const base = await boot(platform, true)
    const response = await post(`${base}/hook`, '{}', sign('other'))
    expect(response.status).toBe(401)
    expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
  })

  it('answers BODY_UNAVAILABLE and tells what to set without rawBody: true', async () => {
    const base = await boot(platform, false)
    errors.length = 0
    const response = await post(`${base}/hook`, '{"a":1}')
    expect(response.status).toBe(500)
    expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_BODY_UNAVAILABLE' })
    expect(errors[0]).toBeInstanceOf(WebhookConfigError)
    expect(errors[0]!.message).toContain('NestFactory.create(AppModule, { rawBody: true })')
  })

  it('releases a delivery whose handler threw, then commits the retry with @HttpCode', async () => {
    const base = await boot(platform, true)
    calls = 0
    const body = `{"platform":"${platform}"}`
    expect((await post(`${base}/once`, body)).status).toBe(503)
    expect((await post(`${base}/once`, body)).status).toBe(204)
    const duplicate = await post(`${base}/once`, body)
    expect(duplicate.status).toBe(200)
    expect(await duplicate.json()).toStrictEqual({ duplicate: true })
    expect(calls).toBe(2)
  })

  it('@Webhook() on a route without @UseWebhook is a 500, not undefined', async () => {
    const base = await boot(platform, true)
    expect((await fetch(`${base}/unguarded`)).status).toBe(500)
  })
})
