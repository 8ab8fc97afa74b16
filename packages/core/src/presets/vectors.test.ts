/**
 * The fixed vectors of PROVIDERS.md §7 (V1, V3-V7) and the generic HMAC vectors G1-G3, verbatim.
 * V6 (GitHub docs) and V7 (Standard Webhooks spec) are official; the others are derived from the
 * documented algorithms and pin our reading of them.
 */
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type Check, type WebhookRequest } from '../index.js'

interface Vector {
  name: string
  check: Check
  request: WebhookRequest
  /** ms */
  now: number
}

const V1_BODY =
  '{"apiVersion":"2024-08-01","event":{"id":"wke-test","name":"payment.completed","timestamp":"1700000000"},"object":{"id":"spm-test","type":"payment"},"data":{"status":"completed"}}'
const V3_BODY =
  '{"created_at":"2024-04-12T15:22:37Z","type":"INVOICE.STATUS_TO_FINAL","environment":"TEST","data":{"id":"inv_123"}}'
const V3_SIG = '9c8e0022a92704f6d3fbf7e8add1080ead909a7821f99cdd920543823d630dae'
const V4_BODY =
  '{"body":{"accountId":"F12345","correlationId":"123456789","eventTime":"2023-05-31T15:59:17.613Z","status":"applicationPending","type":"Business","messageId":"0473b4d0-2f69-4bc5-ab7b-94589a4e48ba","webhookEventTypeName":"AccountCreated"}}'
const V5_BODY =
  '{"events":[{"api_version":"v1","event_id":"evt_1","account_id":"acc_1","event_type":"order.completed","sequence":"2021-09-13T16:21:29.067Z","data":{"order":{"id":"ord_1","status":"complete"}}}]}'

const solvimon = (signature: string): Vector => ({
  name: `V3 Solvimon ${signature}`,
  check: presets.solvimon({ secret: 'solvimon_test_secret_key' }),
  request: {
    headers: {
      'X-PAYLOAD-SIGNATURE': signature,
      'X-PAYLOAD-SIGNATURE-TIMESTAMP': '2024-04-12T15:22:37Z',
    },
    body: V3_BODY,
  },
  now: Date.parse('2024-04-12T15:24:00Z'),
})

const lune = (v1: string): Vector => ({
  name: `V5 Lune ${v1}`,
  check: presets.lune({ secret: 'lune_test_webhook_secret' }),
  request: {
    headers: { 'Lune-HMAC': `timestamp=1700000000,organisation=org_1,v1=${v1}` },
    body: V5_BODY,
  },
  now: 1_700_000_060_000,
})

const lemon = (secret: string, body: string, hex: string): Vector => ({
  name: `generic ${JSON.stringify(secret)} / ${JSON.stringify(body)}`,
  check: presets.lemonSqueezy({ secret }),
  request: { headers: { 'x-signature': hex }, body },
  now: 0,
})

const vectors: Vector[] = [
  {
    name: 'V1 Monime HS256',
    check: presets.monime({ secret: '0123456789abcdef0123456789abcdef' }),
    request: {
      headers: {
        'Monime-Signature': 't=1700000000,v1=2z8aY6oBwfM6+otqYcL5gnNiNXgrvf6HUbIyNgg44b0=',
      },
      body: V1_BODY,
    },
    now: 1_700_000_100_000,
  },
  solvimon(`v1=${V3_SIG}`),
  solvimon(`v1=${V3_SIG.toUpperCase()}`),
  solvimon(`v1=${'ab'.repeat(32)}, v1=${V3_SIG}`),
  solvimon(`v1=${'ab'.repeat(32)};v1=${V3_SIG.toUpperCase()}`),
  solvimon(`v1=${'ab'.repeat(32)} v1=${V3_SIG}`),
  {
    name: 'V4 Equals Money',
    check: presets.equalsMoney({ secret: '123e4567-e89b-12d3-a456-426614174100' }),
    request: {
      headers: { 'x-em-signature': 'Omj1oWddTISqPAoLZkkS4Yg9mXe7Z8LGow5YS31duK4=' },
      body: V4_BODY,
    },
    now: 0,
  },
  lune('65073bfd201256db8a336436011c1b93e695389415ebd8d6278d6356f33255b5'),
  lune('ZQc7/SASVtuKM2Q2ARwbk+aVOJQV69jWJ41jVvMyVbU='),
  {
    name: 'V6 GitHub docs',
    check: presets.github({ secret: "It's a Secret to Everybody" }),
    request: {
      headers: {
        'X-Hub-Signature-256':
          'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      body: 'Hello, World!',
    },
    now: 0,
  },
  ...(['standardWebhooks', 'svix'] as const).map((preset): Vector => ({
    name: `V7 Standard Webhooks spec via ${preset}`,
    check: presets[preset]({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
    request: {
      headers: {
        [`${preset === 'svix' ? 'svix' : 'webhook'}-id`]: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        [`${preset === 'svix' ? 'svix' : 'webhook'}-timestamp`]: '1614265330',
        [`${preset === 'svix' ? 'svix' : 'webhook'}-signature`]:
          'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      },
      body: '{"test": 2432232314}',
    },
    now: 1_614_265_330_000,
  })),
  lemon('secret', 'data', '1b2c16b75bd2a870c114153ccda5bcfca63314bc722fa160d690de133ccbb9db'),
  lemon('test_secret', '', 'f7f9bd47fb987337b5796fdc1fdb9ba221d0d5396814bfcaf9521f43fd8927fd'),
  lemon('test_secret', '😀', '837da296d05c4fe31f61d5d7ead035099d9585a5bcde87de952012a78f0b0c43'),
]

describe.each(vectors)('$name', ({ check, request, now }) => {
  it('verifies', async () => {
    const result = await createVerifier(check, { clock: () => now }).verify(request)
    expect(result.ok ? result.webhook.check : result.error.code).toBe(check.name)
  })

  it('fails with one extra space in the body', async () => {
    const result = await createVerifier(check, { clock: () => now }).verify({
      ...request,
      body: `${request.body as string} `,
    })
    expect(result.ok ? 'accepted' : result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })
})
