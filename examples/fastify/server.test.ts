import { createHmac } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { presets } from '@hookwarden/core'
import { signRequest } from '@hookwarden/core/testing'
// @ts-expect-error: a plain JavaScript example
import { createApp } from './server.mjs'

const secret = 'example secret'
const body = '{"action":"opened"}'
let app: FastifyInstance
let base = ''

beforeAll(async () => {
  app = (await createApp(secret)) as FastifyInstance
  base = await app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(() => app.close())

it('accepts a delivery signed with signRequest, once', async () => {
  const signed = await signRequest(presets.github({ secret }), { body })
  const send = () =>
    fetch(`${base}/webhooks/github`, {
      method: 'POST',
      headers: { ...signed.headers, 'x-github-event': 'issues' },
      body,
    })
  const response = await send()
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ event: 'issues', action: 'opened' })
  expect(await (await send()).json()).toStrictEqual({ duplicate: true })
})

it('rejects a delivery signed with another secret', async () => {
  const signature = 'sha256=' + createHmac('sha256', 'wrong secret').update(body).digest('hex')
  const response = await fetch(`${base}/webhooks/github`, {
    method: 'POST',
    headers: { 'x-hub-signature-256': signature },
    body,
  })
  expect(response.status).toBe(401)
  expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
})

it('leaves JSON parsing alone outside the webhook scope', async () => {
  const response = await fetch(`${base}/api/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })
  expect(await response.json()).toStrictEqual({ action: 'opened' })
})
