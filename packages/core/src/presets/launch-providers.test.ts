/**
 * The four launch providers beyond the shared table: Solvimon credentials and `fromWebhook`
 * rotation, Monime static headers, Equals Money encodings and Authorization, Lune header grammar.
 * Expected signatures come from node:crypto, following PROVIDERS.md §2-5.
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

const verify = (check: Check, request: WebhookRequest, now: number): Promise<VerifyResult> =>
  createVerifier(check, { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)
const mac = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message, 'utf8').digest()
const configError = expect.objectContaining({
  name: 'WebhookConfigError',
  code: 'ERR_WEBHOOK_CONFIG_INVALID',
})

describe('solvimon', () => {
  const body =
    '{"created_at":"2026-01-14T12:00:00Z","type":"INVOICE.PAID","environment":"LIVE","data":{"id":"inv_9"}}'
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
  const signed = (
    secret: string,
    at: string,
    extra: Record<string, string> = {},
  ): WebhookRequest => ({
    headers: {
      'x-payload-signature': `v1=${mac(secret, `${at}.${body}`).toString('hex')}`,
      'x-payload-signature-timestamp': at,
      ...extra,
    },
    body,
  })
  const NOW = Date.parse('2026-01-15T12:00:00Z')
  const basic = (user: string, pass: string) =>
    `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`

  describe('basicAuth option', () => {
    const username = 'hooks:solvimon:live'
    const password = 'p@ss:w0rd&more'
    const check = presets.solvimon({ secret: 's3cret', basicAuth: { username, password } })

    it('requires the signature and the credentials (a username with colons works)', async () => {
      const result = await verify(
        check,
        signed('s3cret', iso(NOW), { authorization: basic(username, password) }),
        NOW,
      )
      expect(result.ok && result.webhook.check).toBe('solvimon')
    })

    it('rejects a valid signature without credentials: CREDENTIALS_MISSING', async () => {
      expect(code(await verify(check, signed('s3cret', iso(NOW)), NOW))).toBe(
        'ERR_WEBHOOK_CREDENTIALS_MISSING',
      )
    })

    it('rejects a wrong password or username', async () => {
      for (const auth of [
        basic(username, 'p@ss:w0rd&mor'),
        basic('hooks:solvimon:test', password),
      ]) {
        expect(
          code(await verify(check, signed('s3cret', iso(NOW), { authorization: auth }), NOW)),
        ).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
      }
    })

    it('rejects good credentials with a bad signature', async () => {
      expect(
        code(
          await verify(
            check,
            signed('wrong', iso(NOW), { authorization: basic(username, password) }),
            NOW,
          ),
        ),
      ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    })
  })

  describe('apiKey option', () => {
    const check = presets.solvimon({
      secret: 's3cret',
      apiKey: { header: 'X-API-KEY', key: 'abcDEF123' },
    })

    it('requires the key header too', async () => {
      expect(
        (await verify(check, signed('s3cret', iso(NOW), { 'x-api-key': 'abcDEF123' }), NOW)).ok,
      ).toBe(true)
      expect(code(await verify(check, signed('s3cret', iso(NOW)), NOW))).toBe(
        'ERR_WEBHOOK_CREDENTIALS_MISSING',
      )
      expect(
        code(await verify(check, signed('s3cret', iso(NOW), { 'x-api-key': 'abcDEF124' }), NOW)),
      ).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
    })

    it('with both options, either credential will do', async () => {
      const both = presets.solvimon({
        secret: 's3cret',
        apiKey: { header: 'x-api-key', key: 'abcDEF123' },
        basicAuth: { username: 'u', password: 'p' },
      })
      expect(
        (await verify(both, signed('s3cret', iso(NOW), { 'x-api-key': 'abcDEF123' }), NOW)).ok,
      ).toBe(true)
      expect(
        (await verify(both, signed('s3cret', iso(NOW), { authorization: basic('u', 'p') }), NOW))
          .ok,
      ).toBe(true)
      expect(code(await verify(both, signed('s3cret', iso(NOW)), NOW))).toBe(
        'ERR_WEBHOOK_CREDENTIALS_MISSING',
      )
    })
  })

  describe('timestamp', () => {
    const check = presets.solvimon({ secret: 's3cret' })

    it('signs the header text verbatim (fractions and offsets kept)', async () => {
      const at = '2026-01-15T13:59:30.123456+02:00'
      expect((await verify(check, signed('s3cret', at), NOW)).ok).toBe(true)
      const sameInstant = signed('s3cret', at)
      ;(sameInstant.headers as Record<string, string>)['x-payload-signature-timestamp'] =
        '2026-01-15T11:59:30.123456Z'
      expect(code(await verify(check, sameInstant, NOW))).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    })

    it('rejects an epoch timestamp as invalid', async () => {
      expect(code(await verify(check, signed('s3cret', String(NOW / 1000)), NOW))).toBe(
        'ERR_WEBHOOK_TIMESTAMP_INVALID',
      )
    })
  })

  describe('fromWebhook', () => {
    const rolledAt = '2026-01-14T12:00:00Z'
    const graceEnd = Date.parse(rolledAt) + 24 * 3600_000
    const webhook = {
      id: 'whk_1',
      url: 'https://example.com/hooks/solvimon',
      secret_key: 'new-secret',
      signing_protocol: 'HmacSHA256',
      previous_secret_key: 'old-secret',
      previous_signing_protocol: 'HmacSHA256',
      secret_rolled_at: rolledAt,
      authentication_type: 'NONE',
    }

    it('accepts the previous secret until secret_rolled_at + 24h, reporting keyIds', async () => {
      const check = presets.solvimon.fromWebhook(webhook)
      const atEnd = await verify(check, signed('old-secret', iso(graceEnd)), graceEnd)
      expect(atEnd.ok && [atEnd.webhook.check, atEnd.webhook.keyId]).toEqual([
        'solvimon',
        'previous',
      ])
      expect(code(await verify(check, signed('old-secret', iso(graceEnd)), graceEnd + 1))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
      const current = await verify(check, signed('new-secret', iso(graceEnd)), graceEnd + 1)
      expect(current.ok && current.webhook.keyId).toBe('current')
    })

    it('ignores a previous secret without secret_rolled_at', async () => {
      const check = presets.solvimon.fromWebhook({ ...webhook, secret_rolled_at: null })
      expect(code(await verify(check, signed('old-secret', iso(NOW)), NOW))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      )
    })

    it('PASSWORD requires the username and password', async () => {
      const check = presets.solvimon.fromWebhook({
        ...webhook,
        authentication_type: 'PASSWORD',
        username: 'solvimon:prod',
        password: 'pw!#$%',
      })
      expect(
        (
          await verify(
            check,
            signed('new-secret', iso(NOW), { authorization: basic('solvimon:prod', 'pw!#$%') }),
            NOW,
          )
        ).ok,
      ).toBe(true)
      expect(code(await verify(check, signed('new-secret', iso(NOW)), NOW))).toBe(
        'ERR_WEBHOOK_CREDENTIALS_MISSING',
      )
    })

    it('API_KEY requires the api_header_field header', async () => {
      const check = presets.solvimon.fromWebhook({
        ...webhook,
        authentication_type: 'API_KEY',
        api_header_field: 'X-Webhook-Key',
        api_key: 'key123',
      })
      expect(
        (await verify(check, signed('new-secret', iso(NOW), { 'x-webhook-key': 'key123' }), NOW))
          .ok,
      ).toBe(true)
      expect(code(await verify(check, signed('new-secret', iso(NOW)), NOW))).toBe(
        'ERR_WEBHOOK_CREDENTIALS_MISSING',
      )
    })

    it('takes a tolerance', async () => {
      const check = presets.solvimon.fromWebhook(webhook, { tolerance: 30 })
      expect(code(await verify(check, signed('new-secret', iso(NOW - 31_000)), NOW))).toBe(
        'ERR_WEBHOOK_TIMESTAMP_TOO_OLD',
      )
    })

    it.each([
      ['another signing_protocol', { signing_protocol: 'HmacSHA512' }],
      ['another previous_signing_protocol', { previous_signing_protocol: 'HmacSHA1' }],
      ['no secret_key', { secret_key: undefined }],
      ['an unknown authentication_type', { authentication_type: 'OAUTH' }],
      ['PASSWORD without a password', { authentication_type: 'PASSWORD', username: 'u' }],
      ['API_KEY without a key', { authentication_type: 'API_KEY', api_header_field: 'x-api-key' }],
      ['an invalid secret_rolled_at', { secret_rolled_at: 'yesterday' }],
    ])('throws WebhookConfigError for %s', (_, change) => {
      expect(() => presets.solvimon.fromWebhook({ ...webhook, ...change })).toThrow(configError)
    })
  })
})

describe('monime', () => {
  const secret = '0123456789abcdef0123456789abcdef'
  const body = '{"event":{"id":"wke-1","name":"payout.completed"}}'
  const t = 1_700_000_000
  const now = t * 1000 + 5_000
  const header = (s: string, sep = '_') =>
    `t=${t},v1=${mac(s, `${t}${sep}${body}`).toString('base64')}`

  it('rejects a signature over {t}.{body}: the separator is an underscore', async () => {
    expect(
      code(
        await verify(
          presets.monime({ secret }),
          { headers: { 'monime-signature': header(secret, '.') }, body },
          now,
        ),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects the V1 signature in URL-safe Base64, and a doubled t=', async () => {
    const check = presets.monime({ secret })
    const v1Body =
      '{"apiVersion":"2024-08-01","event":{"id":"wke-test","name":"payment.completed","timestamp":"1700000000"},"object":{"id":"spm-test","type":"payment"},"data":{"status":"completed"}}'
    for (const value of [
      't=1700000000,v1=2z8aY6oBwfM6-otqYcL5gnNiNXgrvf6HUbIyNgg44b0=',
      't=1700000000,t=1700000001,v1=2z8aY6oBwfM6+otqYcL5gnNiNXgrvf6HUbIyNgg44b0=',
    ]) {
      expect(
        code(await verify(check, { headers: { 'monime-signature': value }, body: v1Body }, now)),
      ).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    }
  })

  describe('static headers', () => {
    const check = presets.monime({
      secret,
      headers: { 'X-Api-Key': 'mk_123', Authorization: 'Bearer tok-456' },
    })
    const all = {
      'monime-signature': header(secret),
      'x-api-key': 'mk_123',
      authorization: 'Bearer tok-456',
    }

    it('requires every configured header with the signature', async () => {
      const result = await verify(check, { headers: all, body }, now)
      expect(result.ok && result.webhook.check).toBe('monime')
    })

    it('rejects a missing or wrong header even with a valid signature', async () => {
      const { authorization: _, ...missing } = all
      expect(code(await verify(check, { headers: missing, body }, now))).toBe(
        'ERR_WEBHOOK_CREDENTIALS_MISSING',
      )
      expect(
        code(await verify(check, { headers: { ...all, 'x-api-key': 'mk_124' }, body }, now)),
      ).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
    })

    it('rejects the right headers with a bad signature', async () => {
      expect(
        code(
          await verify(
            check,
            { headers: { ...all, 'monime-signature': header('x'.repeat(32)) }, body },
            now,
          ),
        ),
      ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    })

    it.each([
      ['an empty value', { 'x-api-key': '' }],
      ['an invalid header name', { 'x api key': 'v' }],
    ])('throws WebhookConfigError for %s', (_, headers) => {
      expect(() => presets.monime({ secret, headers })).toThrow(configError)
    })
  })

  it('accepts either of two webhooks during a rotation and reports which', async () => {
    const other = 'fedcba9876543210fedcba9876543210'
    const check = presets.monime({
      secret: [
        { value: secret, id: 'whk-a' },
        { value: other, id: 'whk-b' },
      ],
    })
    const result = await verify(
      check,
      { headers: { 'monime-signature': header(other) }, body },
      now,
    )
    expect(result.ok && result.webhook.keyId).toBe('whk-b')
  })
})

describe('equalsMoney', () => {
  const secret = '123e4567-e89b-12d3-a456-426614174100'
  const V4_BODY =
    '{"body":{"accountId":"F12345","correlationId":"123456789","eventTime":"2023-05-31T15:59:17.613Z","status":"applicationPending","type":"Business","messageId":"0473b4d0-2f69-4bc5-ab7b-94589a4e48ba","webhookEventTypeName":"AccountCreated"}}'

  it('accepts V4 without its padding', async () => {
    const result = await verify(
      presets.equalsMoney({ secret }),
      {
        headers: { 'x-em-signature': 'Omj1oWddTISqPAoLZkkS4Yg9mXe7Z8LGow5YS31duK4' },
        body: V4_BODY,
      },
      0,
    )
    expect(result.ok).toBe(true)
  })

  it('accepts URL-safe Base64 and rejects a mixed alphabet', async () => {
    // A body whose digest has both '+' and '/' in standard Base64.
    let body = ''
    let digest = ''
    for (let n = 0; !(digest.includes('+') && digest.includes('/')); n++) {
      body = `{"messageId":"m-${n}"}`
      digest = mac(secret, body).toString('base64')
    }
    const url = digest.replace(/\+/g, '-').replace(/\//g, '_')
    const mixed = digest.replace(/\+/g, '-')
    const check = presets.equalsMoney({ secret })
    expect((await verify(check, { headers: { 'x-em-signature': digest }, body }, 0)).ok).toBe(true)
    expect((await verify(check, { headers: { 'x-em-signature': url }, body }, 0)).ok).toBe(true)
    expect(
      (await verify(check, { headers: { 'x-em-signature': url.replace(/=+$/, '') }, body }, 0)).ok,
    ).toBe(true)
    expect(code(await verify(check, { headers: { 'x-em-signature': mixed }, body }, 0))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('does not hex-decode the UUID secret', async () => {
    const uuidBytes = Buffer.from(secret.replace(/-/g, ''), 'hex')
    const signature = createHmac('sha256', uuidBytes).update(V4_BODY).digest('base64')
    expect(
      code(
        await verify(
          presets.equalsMoney({ secret }),
          { headers: { 'x-em-signature': signature }, body: V4_BODY },
          0,
        ),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  describe('authorizationHeader', () => {
    const authorizationHeader = 'Basic AXVubzpwQDU1dzByYM=='
    const check = presets.equalsMoney({ secret, authorizationHeader })
    const sig = 'Omj1oWddTISqPAoLZkkS4Yg9mXe7Z8LGow5YS31duK4='

    it('requires the whole Authorization header as configured', async () => {
      const result = await verify(
        check,
        { headers: { 'x-em-signature': sig, Authorization: authorizationHeader }, body: V4_BODY },
        0,
      )
      expect(result.ok && result.webhook.check).toBe('equalsMoney')
    })

    it('rejects a missing or different Authorization even with a valid signature', async () => {
      expect(
        code(await verify(check, { headers: { 'x-em-signature': sig }, body: V4_BODY }, 0)),
      ).toBe('ERR_WEBHOOK_CREDENTIALS_MISSING')
      expect(
        code(
          await verify(
            check,
            {
              headers: { 'x-em-signature': sig, authorization: 'Bearer AXVubzpwQDU1dzByYM==' },
              body: V4_BODY,
            },
            0,
          ),
        ),
      ).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
    })
  })
})

describe('lune', () => {
  const secret = 'lune_test_webhook_secret'
  const body = '{"events":[]}'
  const t = 1_700_000_000
  const now = t * 1000
  const b64 = mac(secret, `${t}.${body}`).toString('base64')
  const hex = mac(secret, `${t}.${body}`).toString('hex')
  const check = presets.lune({ secret })
  const run = (value: string) => verify(check, { headers: { 'lune-hmac': value }, body }, now)

  it('accepts the legacy account= key and several v1 blocks in either encoding', async () => {
    expect((await run(`timestamp=${t},account=acc_1,v1=${b64}`)).ok).toBe(true)
    expect((await run(`timestamp=${t},organisation=org_1,v1=${'0'.repeat(64)},v1=${hex}`)).ok).toBe(
      true,
    )
    expect((await run(`v1=${b64},organisation=org_1,timestamp=${t}`)).ok).toBe(true)
  })

  it('rejects a doubled timestamp, a header without v1 and an empty header', async () => {
    expect(code(await run(`timestamp=${t},timestamp=${t + 1},v1=${hex}`))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(code(await run(`timestamp=${t},organisation=org_1`))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(code(await run(''))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('defaults to two minutes', async () => {
    const at = (s: number) =>
      `timestamp=${s},organisation=org_1,v1=${mac(secret, `${s}.${body}`).toString('hex')}`
    expect((await run(at(t - 120))).ok).toBe(true)
    expect(code(await run(at(t - 121)))).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })
})
