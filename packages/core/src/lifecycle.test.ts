/**
 * `verifier.handle`, the one lifecycle every adapter goes through: handshakes answered without a
 * claim, configuration mistakes loud once, the handler's outcome deciding commit or release.
 */
import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createVerifier, memoryReplayStore, presets, WebhookConfigError } from './index.js'

const SECRET = 'lifecycle secret'
const slack = presets.slack({ secret: SECRET })
const now = () => Math.floor(Date.now() / 1000)
/** A Slack request signed with node:crypto (v0:{ts}:{body}, hex). */
function slackRequest(body: string, ts = String(now())) {
  const mac = createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')
  return {
    method: 'POST',
    url: 'https://example.com/slack',
    headers: { 'x-slack-signature': `v0=${mac}`, 'x-slack-request-timestamp': ts },
    body,
  }
}
const status = (value: number) => value

afterEach(() => vi.restoreAllMocks())

describe('verifier.handle', () => {
  it('answers a signed handshake without a claim and without running the handler', async () => {
    const store = memoryReplayStore()
    const verifier = createVerifier(slack, { replay: store })
    const handler = vi.fn(async () => 200)
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' })
    const handled = await verifier.handle(slackRequest(body), handler, { status })
    expect(handler).not.toHaveBeenCalled()
    expect(handled.ok).toBe(false)
    if (!handled.ok) {
      expect(handled.rejection.status).toBe(200)
      expect(handled.rejection.error).toBeUndefined()
      expect(handled.rejection.body).toContain('c-123')
    }
    // No claim was made: the same request is answered again, not as a duplicate.
    const again = await verifier.handle(slackRequest(body), handler, { status })
    expect(again.ok ? 'ran' : again.rejection.body).toContain('c-123')
  })

  it('rejects a handshake signed with another secret, without answering its challenge', async () => {
    const verifier = createVerifier(slack)
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123' })
    const request = slackRequest(body)
    request.headers['x-slack-signature'] = 'v0=' + '0'.repeat(64)
    const handled = await verifier.handle(request, async () => 200, { status })
    expect(handled.ok ? 200 : handled.rejection.status).toBe(401)
    if (!handled.ok) expect(handled.rejection.body).not.toContain('c-123')
  })

  it('commits on 2xx, releases on a throw: the retry runs, a later copy is a duplicate', async () => {
    const verifier = createVerifier(slack, { replay: memoryReplayStore() })
    const request = slackRequest('{"event":"x"}')
    await expect(
      verifier.handle(
        request,
        async () => {
          throw new Error('handler failed')
        },
        { status },
      ),
    ).rejects.toThrow('handler failed')
    const retry = await verifier.handle(request, async () => 204, { status })
    expect(retry.ok).toBe(true)
    const copy = await verifier.handle(request, async () => 204, { status })
    expect(copy.ok ? 'ran' : copy.rejection.body).toBe('{"duplicate":true}')
  })

  it('a status function that throws releases the claim too', async () => {
    const verifier = createVerifier(slack, { replay: memoryReplayStore() })
    const request = slackRequest('{"event":"y"}')
    const bad = () => {
      throw new WebhookConfigError('not a response')
    }
    await expect(verifier.handle(request, async () => 1, { status: bad })).rejects.toThrow(
      'not a response',
    )
    expect((await verifier.handle(request, async () => 200, { status })).ok).toBe(true)
  })

  it('writes a configuration mistake to the console once when there is no onError', async () => {
    const write = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const verifier = createVerifier(slack)
    const message = 'raw body unavailable: lifecycle test ' + Math.random()
    const source = () => {
      throw new WebhookConfigError(message, 'ERR_WEBHOOK_BODY_UNAVAILABLE')
    }
    for (let i = 0; i < 3; i++) {
      const handled = await verifier.handle(source, async () => 200, { status })
      expect(handled.ok ? 200 : handled.rejection.status).toBe(500)
    }
    expect(write.mock.calls.filter(([text]) => String(text).includes(message))).toHaveLength(1)
  })

  it('never writes a rejected webhook to the console, and hands everything to onError', async () => {
    const write = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const errors: string[] = []
    const verifier = createVerifier(slack)
    const request = slackRequest('{"event":"z"}')
    request.headers['x-slack-signature'] = 'v0=' + 'f'.repeat(64)
    await verifier.handle(request, async () => 200, { status })
    await verifier.handle(request, async () => 200, { status, onError: (e) => errors.push(e.code) })
    expect(write).not.toHaveBeenCalled()
    expect(errors).toStrictEqual(['ERR_WEBHOOK_SIGNATURE_MISMATCH'])
  })
})
