import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { presets } from '@hookwarden/core'
import { signRequest } from '@hookwarden/core/testing'
// @ts-expect-error: a plain JavaScript example
import { createApp } from './server.mjs'

const secret = 'example secret'
const body = '{"action":"opened"}'
let server: Server
let url = ''

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  server = createApp(secret).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github`
})
afterAll(() => server.close())

it('accepts a delivery signed with signRequest', async () => {
  const signed = await signRequest(presets.github({ secret }), { body })
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...signed.headers, 'x-github-event': 'issues' },
    body,
  })
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ event: 'issues', action: 'opened' })
})

it('rejects a delivery signed with another secret', async () => {
  const signature = 'sha256=' + createHmac('sha256', 'wrong secret').update(body).digest('hex')
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'x-hub-signature-256': signature },
    body,
  })
  expect(response.status).toBe(401)
  expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
})
