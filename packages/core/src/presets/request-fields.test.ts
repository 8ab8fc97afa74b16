/**
 * Presets that sign more than headers and body: Square (notification URL), HubSpot v3 (method,
 * decoded URI, ms timestamp) and Linear (timestamp inside the JSON body). Expected values come
 * from node:crypto following each sender's docs, with the signed strings written out literally.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createVerifier,
  presets,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

const verify = (check: Check, request: WebhookRequest, now = 0): Promise<VerifyResult> =>
  createVerifier(check, { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const b64 = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message, 'utf8').digest('base64')

describe('square', () => {
  const key = 'asdf1234'
  const body = '{"merchant_id":"MLEFBHHSJGVHD","type":"payment.updated"}'
  const subscriptionUrl = 'https://example.com/webhooks/square'
  const sig = b64(key, `${subscriptionUrl}${body}`)

  it('signs the request URL when no notificationUrl is configured', async () => {
    const check = presets.square({ secret: key })
    expect(
      (
        await verify(check, {
          url: subscriptionUrl,
          headers: { 'x-square-hmacsha256-signature': sig },
          body,
        })
      ).ok,
    ).toBe(true)
    expect(
      code(
        await verify(check, {
          url: 'http://10.0.0.7:8080/webhooks/square',
          headers: { 'x-square-hmacsha256-signature': sig },
          body,
        }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('uses the configured notificationUrl whatever URL a proxy handed over', async () => {
    const check = presets.square({ secret: key, notificationUrl: subscriptionUrl })
    const result = await verify(check, {
      url: 'http://10.0.0.7:8080/webhooks/square',
      headers: { 'x-square-hmacsha256-signature': sig },
      body,
    })
    expect(result.ok && result.webhook.check).toBe('square')
    expect(
      (await verify(check, { headers: { 'x-square-hmacsha256-signature': sig }, body })).ok,
    ).toBe(true)
  })

  it('throws WebhookConfigError when neither a url nor notificationUrl is available', async () => {
    await expect(
      verify(presets.square({ secret: key }), {
        headers: { 'x-square-hmacsha256-signature': sig },
        body,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_WEBHOOK_CONFIG_INVALID',
    })
    expect(() => presets.square({ secret: key, notificationUrl: '/webhooks/square' })).toThrow(
      expect.objectContaining({ code: 'ERR_WEBHOOK_CONFIG_INVALID' }),
    )
  })
})

describe('hubspot', () => {
  const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy'
  const body = '[{"eventId":1,"subscriptionType":"contact.creation","portalId":62515}]'
  const ts = 1_767_225_600_000
  const headers = (signature: string, timestamp = String(ts)) => ({
    'X-HubSpot-Signature-v3': signature,
    'X-HubSpot-Request-Timestamp': timestamp,
  })

  it("decodes only the escapes in HubSpot's table before signing the URI", async () => {
    const received =
      'https://example.com/hubspot/hook?state=a%3Ab%2fc%40d%21%24%27%28%29%2A%2C%3B%3F&name=Zo%C3%AB%20x'
    // HubSpot's table decodes %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B; %C3%AB and %20 stay.
    const signedUri = "https://example.com/hubspot/hook?state=a:b/c@d!$'()*,;?&name=Zo%C3%AB%20x"
    const signature = b64(secret, `POST${signedUri}${body}${ts}`)
    const result = await verify(
      presets.hubspot({ secret }),
      { method: 'POST', url: received, headers: headers(signature), body },
      ts,
    )
    expect(result.ok && [result.webhook.check, result.webhook.timestamp?.getTime()]).toEqual([
      'hubspot',
      ts,
    ])
  })

  it('rejects a signature over the undecoded URI or another method', async () => {
    const url = 'https://example.com/hook?x=%3A'
    const check = presets.hubspot({ secret })
    expect(
      code(
        await verify(
          check,
          { method: 'POST', url, headers: headers(b64(secret, `POST${url}${body}${ts}`)), body },
          ts,
        ),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    const decoded = 'https://example.com/hook?x=:'
    expect(
      code(
        await verify(
          check,
          { method: 'PUT', url, headers: headers(b64(secret, `POST${decoded}${body}${ts}`)), body },
          ts,
        ),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    // A framework's lowercase method is the same request.
    expect(
      (
        await verify(
          check,
          {
            method: 'post',
            url,
            headers: headers(b64(secret, `POST${decoded}${body}${ts}`)),
            body,
          },
          ts,
        )
      ).ok,
    ).toBe(true)
  })

  it('reads the timestamp in milliseconds: seconds are five minutes off', async () => {
    const url = 'https://example.com/hook'
    const seconds = String(ts / 1000)
    const signature = b64(secret, `POST${url}${body}${seconds}`)
    expect(
      code(
        await verify(
          presets.hubspot({ secret }),
          { method: 'POST', url, headers: headers(signature, seconds), body },
          ts,
        ),
      ),
    ).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })
})

describe('linear', () => {
  const secret = 'lin_wh_secret'
  const now = 1_767_225_600_000
  const hex = (body: string) => createHmac('sha256', secret).update(body, 'utf8').digest('hex')
  const run = (body: string) =>
    verify(presets.linear({ secret }), { headers: { 'Linear-Signature': hex(body) }, body }, now)

  it('reads webhookTimestamp (ms) from the signed JSON body', async () => {
    const result = await run(`{"action":"update","webhookTimestamp":${now - 59_000}}`)
    expect(result.ok && result.webhook.timestamp?.getTime()).toBe(now - 59_000)
    expect(code(await run(`{"action":"update","webhookTimestamp":${now - 61_000}}`))).toBe(
      'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
    )
  })

  it('rejects a body without webhookTimestamp, or not JSON at all, as TIMESTAMP_MISSING', async () => {
    expect(code(await run('{"action":"update"}'))).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
    expect(code(await run('action=update'))).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
    expect(code(await run('[1,2]'))).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
  })

  it('rejects a fractional or negative webhookTimestamp as TIMESTAMP_INVALID', async () => {
    expect(code(await run(`{"webhookTimestamp":${now}.5}`))).toBe('ERR_WEBHOOK_TIMESTAMP_INVALID')
    expect(code(await run('{"webhookTimestamp":-1}'))).toBe('ERR_WEBHOOK_TIMESTAMP_INVALID')
  })
})
