/**
 * `describeAdapters`: the scenario table against each harness, with the same assertions everywhere.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Harness } from './harness.js'
import { SCENARIOS, STREAM_BYTES, scenarioPath, type Scenario } from './scenarios.js'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function runScenario(harness: Harness, scenario: Scenario): Promise<void> {
  const delivery = await scenario.deliver()
  const before = await harness.stats()
  const sent = await harness.send(scenarioPath(scenario), delivery)
  const { response } = sent
  const text = await response.text()
  sent.abort()
  const after = await harness.stats()
  const want = scenario.expect

  expect(response.status).toBe(want.status)
  if ('check' in want) {
    const body = JSON.parse(text) as Record<string, unknown>
    expect(body['check']).toBe(want.check)
    expect(body['sha256']).toBe(sha256(delivery.body as Uint8Array))
    if (want.id !== undefined) expect(body['id']).toBe(want.id)
    expect(after.calls - before.calls).toBe(1)
    expect(after.errors.length - before.errors.length).toBe(0)
    return
  }

  // Rejections: the code and nothing else, as JSON; the handler never ran; onError got the error.
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  expect(JSON.parse(text)).toStrictEqual({ error: want.code })
  expect(response.headers.get('www-authenticate') !== null).toBe(want.challenge === true)
  if (want.challenge)
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="webhooks"/)
  expect(after.calls - before.calls).toBe(0)
  const errors = after.errors.slice(before.errors.length)
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatchObject({ path: scenario.path, code: want.code })
  if (want.configError) expect(errors[0]!.name).toBe('WebhookConfigError')
  if (want.cause !== undefined) {
    expect(errors[0]!.cause).toBe(want.cause)
    expect(text).not.toContain('boom')
  }
  if (!(delivery.body instanceof Uint8Array) && !harness.drainsUploads) {
    // The answer came while the sender was still streaming: the receiver stopped reading.
    expect(sent.pulled).toBeLessThan(STREAM_BYTES)
  }
}

/**
 * Runs every applicable row of the scenario table against each harness, one server per harness;
 * `more` adds harness-specific tests that share the same started server.
 */
export function describeAdapters(
  harnesses: readonly Harness[],
  more?: (harness: Harness) => void,
): void {
  for (const harness of harnesses) {
    describe(harness.name, () => {
      beforeAll(() => harness.start())
      afterAll(() => harness.stop())
      more?.(harness)
      const rows = SCENARIOS.filter(
        (s) => (s.kinds === undefined || s.kinds.includes(harness.kind)) && !harness.skip?.(s),
      )
      it.each(rows.map((s) => [s.name, s] as const))('%s', (_name, scenario) =>
        runScenario(harness, scenario),
      )
    })
  }
}
