/**
 * examples/opentelemetry-express: deliveries signed with the current and the previous secret, and a
 * forged one, then the Prometheus text on GET /metrics as a scraper would read it.
 */
import { createHmac } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
// @ts-expect-error: a plain JavaScript example
import { createApp } from '../../examples/opentelemetry-express/server.mjs'
// @ts-expect-error: a plain JavaScript example
import { createTelemetry } from '../../examples/opentelemetry-express/telemetry.mjs'

const secrets = { current: 'new secret', previous: 'old secret', rolledAt: new Date() }
const body = '{"action":"opened"}'
const signature = (secret: string) =>
  'sha256=' + createHmac('sha256', secret).update(body).digest('hex')

let server: Server
let base = ''
let telemetry: { shutdown(): Promise<unknown> }

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  telemetry = createTelemetry() as typeof telemetry
  server = (createApp({ secrets, telemetry }) as { listen: (...a: unknown[]) => Server }).listen(
    0,
    '127.0.0.1',
  )
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await telemetry.shutdown()
})

const deliver = (secret: string) =>
  fetch(`${base}/webhooks/github`, {
    method: 'POST',
    headers: { 'x-hub-signature-256': signature(secret), 'x-github-event': 'issues' },
    body,
  })

/** Prometheus text format samples: name, labels, value. */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line)
      if (!match) throw new Error(`unparsable sample line: ${line}`)
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
      )
      return { name: match[1]!, labels, value: Number(match[3]) }
    })
}

it('counts the current and the previous secret apart, and rejections by code', async () => {
  const current = await deliver(secrets.current)
  expect(current.status).toBe(200)
  expect(await current.json()).toStrictEqual({ event: 'issues', keyStatus: 'current' })
  const previous = await deliver(secrets.previous)
  expect(previous.status).toBe(200)
  expect(await previous.json()).toStrictEqual({ event: 'issues', keyStatus: 'previous' })
  const forged = await deliver('not the secret')
  expect(forged.status).toBe(401)

  const scrape = await fetch(`${base}/metrics`)
  expect(scrape.status).toBe(200)
  const all = samples(await scrape.text())
  const counted = all
    .filter((s) => s.name === 'hookwarden_verifications_total')
    .map((s) => ({ ...s.labels, value: s.value }))
  expect(counted).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        hookwarden_check: 'github',
        hookwarden_outcome: 'verified',
        hookwarden_key_status: 'current',
        value: 1,
      }),
      expect.objectContaining({
        hookwarden_check: 'github',
        hookwarden_outcome: 'verified',
        hookwarden_key_status: 'previous',
        value: 1,
      }),
      expect.objectContaining({
        hookwarden_check: 'github',
        hookwarden_outcome: 'rejected',
        hookwarden_code: 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
        value: 1,
      }),
    ]),
  )
  expect(counted).toHaveLength(3)
  // The duration histogram, in seconds (`# UNIT ... s`; this exporter adds no `_seconds` suffix):
  // one observation per verification.
  const durations = all.filter((s) => s.name === 'hookwarden_verification_duration_count')
  expect(durations.reduce((sum, s) => sum + s.value, 0)).toBe(3)
})
