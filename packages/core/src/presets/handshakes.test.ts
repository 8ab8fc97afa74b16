/**
 * Endpoint handshakes of the existing presets (Zoom, Slack, Twitch, Discord), called directly as
 * the verifier will: signed like any delivery, verified before they are answered. Signatures and
 * expected answers come from node:crypto.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { HandshakeResult } from '../check.js'
import { presets, rotation, type Check, type WebhookRequest } from '../index.js'
import { parseWebhookRequest } from '../request.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const SECONDS = String(Math.floor(NOW / 1000) - 2)

const handshake = (check: Check, request: WebhookRequest, now = NOW): Promise<HandshakeResult> => {
  if (check.handshake === undefined) throw new Error('this check has no handshake')
  return Promise.resolve(
    check.handshake(parseWebhookRequest(request), { now, tolerance: undefined }),
  )
}
const hex = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message, 'utf8').digest('hex')
const errorCode = (result: HandshakeResult) =>
  result === undefined ? 'delivery' : result.ok ? 'answered' : result.error.code

describe('zoom endpoint.url_validation', () => {
  const secret = 'zoom-secret-token'
  const check = presets.zoom({ secret })
  const validation = (plainToken: unknown) =>
    JSON.stringify({
      payload: { plainToken },
      event_ts: NOW,
      event: 'endpoint.url_validation',
    })
  const signed = (body: string, key = secret, ts = SECONDS): WebhookRequest => ({
    method: 'POST',
    headers: {
      'x-zm-signature': `v0=${hex(key, `v0:${ts}:${body}`)}`,
      'x-zm-request-timestamp': ts,
      'content-type': 'application/json',
    },
    body,
  })

  it('answers { plainToken, encryptedToken } with the hex HMAC of plainToken', async () => {
    const result = await handshake(check, signed(validation('qgg8vlvZRS6UYooatFL8Aw')))
    expect(result).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({
          'content-type': 'application/json',
          'x-content-type-options': 'nosniff',
        }),
        body: JSON.stringify({
          plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
          encryptedToken: hex(secret, 'qgg8vlvZRS6UYooatFL8Aw'),
        }),
      },
    })
  })

  it('encrypts with the secret that verified the request during a rotation', async () => {
    const rotated = presets.zoom({
      secret: rotation({
        current: 'new-token',
        previous: secret,
        rolledAt: NOW - 60_000,
        grace: '1h',
      }),
    })
    const result = await handshake(rotated, signed(validation('tok'), secret))
    expect(result?.ok && JSON.parse(result.response.body)).toEqual({
      plainToken: 'tok',
      encryptedToken: hex(secret, 'tok'),
    })
  })

  it('refuses a validation whose signature does not match', async () => {
    const result = await handshake(check, signed(validation('tok'), 'other-secret'))
    expect(result?.ok === false && result.error).toMatchObject({
      name: 'WebhookVerificationError',
      code: 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      message: 'no webhook signature matched a valid key',
    })
  })

  it('refuses an unsigned or stale validation', async () => {
    const body = validation('tok')
    expect(errorCode(await handshake(check, { method: 'POST', headers: {}, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISSING',
    )
    const stale = String(Math.floor(NOW / 1000) - 3600)
    expect(errorCode(await handshake(check, signed(body, secret, stale)))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    )
  })

  it('refuses to echo a plainToken that is missing, not a string, too long or has control characters', async () => {
    for (const token of [undefined, 42, 'x'.repeat(513), 'a\nb', 'é']) {
      expect(errorCode(await handshake(check, signed(validation(token))))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
    }
  })

  it('leaves every other event to ordinary verification', async () => {
    const body = JSON.stringify({ event: 'meeting.started', payload: {} })
    expect(await handshake(check, signed(body))).toBeUndefined()
    expect(await handshake(check, signed('not json'))).toBeUndefined()
  })

  it('still verifies ordinary deliveries and keeps its signer', async () => {
    const body = JSON.stringify({ event: 'meeting.started' })
    const result = await check.verify(parseWebhookRequest(signed(body)), {
      now: NOW,
      tolerance: undefined,
    })
    expect(result.ok).toBe(true)
  })
})

describe('slack url_verification', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5'
  const check = presets.slack({ secret })
  const verification = (challenge: unknown) =>
    JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge, type: 'url_verification' })
  const signed = (body: string, key = secret): WebhookRequest => ({
    method: 'POST',
    headers: {
      'x-slack-signature': `v0=${hex(key, `v0:${SECONDS}:${body}`)}`,
      'x-slack-request-timestamp': SECONDS,
    },
    body,
  })

  it('answers {"challenge": ...} as JSON once the request verifies', async () => {
    const challenge = '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'
    const result = await handshake(check, signed(verification(challenge)))
    expect(result).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        body: `{"challenge":"${challenge}"}`,
      },
    })
  })

  it('refuses an unsigned or wrongly signed url_verification', async () => {
    const body = verification('abc')
    expect(errorCode(await handshake(check, { method: 'POST', headers: {}, body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISSING',
    )
    expect(errorCode(await handshake(check, signed(body, 'wrong')))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('refuses to echo a challenge that is not a short printable string', async () => {
    for (const challenge of [null, ['a'], 'x'.repeat(600), 'a\u0000b']) {
      expect(errorCode(await handshake(check, signed(verification(challenge))))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
    }
  })

  it('leaves events, slash commands and oversized bodies to ordinary verification', async () => {
    expect(await handshake(check, signed('{"type":"event_callback"}'))).toBeUndefined()
    expect(await handshake(check, signed('command=%2Fweather&text=94070'))).toBeUndefined()
    const big = JSON.stringify({
      type: 'url_verification',
      challenge: 'a',
      pad: 'x'.repeat(20_000),
    })
    expect(await handshake(check, signed(big))).toBeUndefined()
  })
})

describe('twitch webhook_callback_verification', () => {
  const secret = 'twitch-subscription-secret'
  const check = presets.twitch({ secret })
  const id = 'e76c6bd4-55c9-4987-8304-da1588d8988b'
  const ts = new Date(NOW - 1000).toISOString()
  const body = JSON.stringify({
    challenge: 'pogchamp-kappa-360noscope-vohiyo',
    subscription: { id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4', type: 'channel.follow' },
  })
  const signed = (type: string, payload = body, key = secret): WebhookRequest => ({
    method: 'POST',
    headers: {
      'Twitch-Eventsub-Message-Id': id,
      'Twitch-Eventsub-Message-Timestamp': ts,
      'Twitch-Eventsub-Message-Signature': `sha256=${hex(key, id + ts + payload)}`,
      'Twitch-Eventsub-Message-Type': type,
    },
    body: payload,
  })

  it('answers the challenge as text/plain once the request verifies', async () => {
    expect(await handshake(check, signed('webhook_callback_verification'))).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({
          'content-type': 'text/plain; charset=utf-8',
          'x-content-type-options': 'nosniff',
        }),
        body: 'pogchamp-kappa-360noscope-vohiyo',
      },
    })
  })

  it('refuses a wrongly signed verification', async () => {
    expect(
      errorCode(await handshake(check, signed('webhook_callback_verification', body, 'wrong'))),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('refuses a signed verification without a usable challenge', async () => {
    const payload = JSON.stringify({ challenge: '<b>'.repeat(200) })
    expect(
      errorCode(await handshake(check, signed('webhook_callback_verification', payload))),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('leaves notifications and revocations to ordinary verification', async () => {
    expect(await handshake(check, signed('notification'))).toBeUndefined()
    expect(await handshake(check, signed('revocation'))).toBeUndefined()
  })
})

describe('discord PING', () => {
  const pair = generateKeyPairSync('ed25519')
  const publicKey = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url')
  const check = presets.discord({ publicKey: publicKey.toString('hex') })
  const signed = (body: string, key = pair.privateKey): WebhookRequest => ({
    method: 'POST',
    headers: {
      'x-signature-ed25519': sign(null, Buffer.from(SECONDS + body), key).toString('hex'),
      'x-signature-timestamp': SECONDS,
    },
    body,
  })
  const interactionPing = JSON.stringify({
    application_id: '11',
    id: '12',
    token: 'aW50ZXJhY3Rpb24',
    type: 1,
    version: 1,
  })

  it('answers an interaction PING with {"type":1}', async () => {
    expect(await handshake(check, signed(interactionPing))).toEqual({
      ok: true,
      response: {
        status: 200,
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        body: '{"type":1}',
      },
    })
  })

  it('answers a webhook-events PING (type 0) with 204 and no body', async () => {
    const result = await handshake(check, signed('{"version":1,"application_id":"11","type":0}'))
    expect(result?.ok && result.response).toMatchObject({ status: 204, body: '' })
  })

  it('refuses a PING signed by another key', async () => {
    const other = generateKeyPairSync('ed25519').privateKey
    expect(errorCode(await handshake(check, signed(interactionPing, other)))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
  })

  it('leaves interactions and webhook events (type 1 with an event) to ordinary verification', async () => {
    expect(await handshake(check, signed('{"type":2,"id":"12","token":"t"}'))).toBeUndefined()
    const event =
      '{"version":1,"application_id":"11","type":1,"event":{"type":"APPLICATION_AUTHORIZED"}}'
    expect(await handshake(check, signed(event))).toBeUndefined()
  })
})
