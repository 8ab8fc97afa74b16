/**
 * Bundles the worker from its package (resolving @hookwarden/* to the built dist with workerd's
 * conditions, as wrangler does) and runs it in workerd through Miniflare.
 */
import { createHmac } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, expect, it } from 'vitest'

const secret = 'example secret'
const body = '{"action":"opened"}'
let mf: Miniflare

beforeAll(async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:workers'],
    write: false,
  })
  const script = result.outputFiles[0]!.text
  expect(script).not.toContain('node:crypto')
  mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2025-01-01',
    bindings: { GITHUB_WEBHOOK_SECRET: secret },
    // As wrangler.toml declares it.
    durableObjects: { REPLAY: { className: 'ReplayStoreObject', useSQLite: true } },
  })
})
afterAll(() => mf?.dispose())

const post = async (headers: Record<string, string>) =>
  (await mf.dispatchFetch('http://worker.test/webhooks/github', {
    method: 'POST',
    headers,
    body,
  })) as unknown as Response

it('accepts a signed delivery in workerd', async () => {
  const signature = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
  const response = await post({ 'x-hub-signature-256': signature, 'x-github-event': 'issues' })
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ event: 'issues', action: 'opened' })
})

it('answers a redelivery of a processed delivery as a duplicate without running the handler', async () => {
  const replayBody = '{"action":"closed"}'
  const signature = 'sha256=' + createHmac('sha256', secret).update(replayBody).digest('hex')
  const send = async () =>
    (await mf.dispatchFetch('http://worker.test/webhooks/github', {
      method: 'POST',
      headers: { 'x-hub-signature-256': signature, 'x-github-event': 'issues' },
      body: replayBody,
    })) as unknown as Response
  const first = await send()
  expect(first.status).toBe(200)
  expect(await first.json()).toStrictEqual({ event: 'issues', action: 'closed' })
  const again = await send()
  expect(again.status).toBe(200)
  expect(await again.json()).toStrictEqual({ duplicate: true })
})

it('rejects an unsigned delivery in workerd', async () => {
  const response = await post({})
  expect(response.status).toBe(401)
  expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISSING' })
})
