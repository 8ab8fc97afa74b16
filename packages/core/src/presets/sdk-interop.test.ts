/**
 * Interop with the senders' own SDKs: deliveries signed by stripe-node, standardwebhooks, svix and
 * @octokit/webhooks-methods must verify; what those SDKs leave open (future timestamps) must not.
 */
import { sign as octokitSign } from '@octokit/webhooks-methods'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { Webhook as SvixWebhook } from 'svix'
import { describe, expect, it } from 'vitest'
import {
  createVerifier,
  presets,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '../index.js'

const verify = (check: Check, request: WebhookRequest, now?: number): Promise<VerifyResult> =>
  createVerifier(check, now === undefined ? {} : { clock: () => now }).verify(request)
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe('stripe (stripe-node generateTestHeaderString)', () => {
  const stripe = new Stripe('sk_test_hookwarden_dummy')
  const secret = 'whsec_hookwarden_current'
  const previous = 'whsec_hookwarden_previous'
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'invoice.paid',
    data: { note: 'Zoë 😀' },
  })
  const now = () => Math.floor(Date.now() / 1000)
  const header = (opts: { secret: string; timestamp?: number }) =>
    stripe.webhooks.generateTestHeaderString({ payload, ...opts })
  /** The bare `v1` signature stripe-node computes. */
  const v1 = (s: string, timestamp: number) => header({ secret: s, timestamp }).split(',v1=')[1]!

  it('accepts a header signed by stripe-node', async () => {
    const result = await verify(presets.stripe({ secret }), {
      headers: { 'Stripe-Signature': header({ secret }) },
      body: payload,
    })
    expect(result.ok && result.webhook.check).toBe('stripe')
  })

  it('accepts a rolling header with several v1 and a v0, whichever matches', async () => {
    const t = now()
    const rolled = `t=${t},v1=${v1(previous, t)},v1=${v1(secret, t)},v0=${'0'.repeat(64)}`
    expect(
      (
        await verify(presets.stripe({ secret }), {
          headers: { 'stripe-signature': rolled },
          body: payload,
        })
      ).ok,
    ).toBe(true)
    const old = await verify(
      presets.stripe({
        secret: [
          { value: secret, id: 'new' },
          { value: previous, id: 'old' },
        ],
      }),
      { headers: { 'stripe-signature': `t=${t},v1=${v1(previous, t)}` }, body: payload },
    )
    expect(old.ok && old.webhook.keyId).toBe('old')
  })

  it('rejects a header signed 10 minutes ago', async () => {
    const stale = header({ secret, timestamp: now() - 600 })
    expect(
      code(
        await verify(presets.stripe({ secret }), {
          headers: { 'stripe-signature': stale },
          body: payload,
        }),
      ),
    ).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })

  it('rejects a header dated 10 minutes ahead, which stripe-node itself accepts', async () => {
    const ahead = header({ secret, timestamp: now() + 600 })
    expect(stripe.webhooks.constructEvent(payload, ahead, secret).id).toBe('evt_1')
    expect(
      code(
        await verify(presets.stripe({ secret }), {
          headers: { 'stripe-signature': ahead },
          body: payload,
        }),
      ),
    ).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_NEW')
  })

  it('rejects a header stripe-node signed over another payload or with another secret', async () => {
    const check = presets.stripe({ secret })
    expect(
      code(
        await verify(check, {
          headers: { 'stripe-signature': header({ secret }) },
          body: `${payload} `,
        }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect(
      code(
        await verify(check, {
          headers: { 'stripe-signature': header({ secret: previous }) },
          body: payload,
        }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })
})

describe.each([
  { preset: 'standardWebhooks', prefix: 'webhook', sdk: 'standardwebhooks' },
  { preset: 'svix', prefix: 'svix', sdk: 'svix' },
  { preset: 'clerk', prefix: 'svix', sdk: 'svix' },
  { preset: 'resend', prefix: 'svix', sdk: 'svix' },
  // @clerk/backend maps svix-* to webhook-* and verifies with standardwebhooks.
  { preset: 'clerk', prefix: 'webhook', sdk: 'standardwebhooks' },
  { preset: 'svix', prefix: 'webhook', sdk: 'svix' },
] as const)('$preset with $prefix-* headers signed by $sdk', ({ preset, prefix, sdk }) => {
  const current = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
  const previous = 'whsec_cHJldmlvdXMtc2VjcmV0LW9mLTMyLWJ5dGVzISE='
  const signer = (secret: string) =>
    sdk === 'svix' ? new SvixWebhook(secret) : new StandardWebhook(secret)
  const body = '{"type":"user.created","data":{"id":"user_1","name":"Zoë"}}'
  const id = 'msg_2LJxxm9EwF6nqv3kgy7wfvRkIpZ'
  const headers = (signature: string, at: Date, msgId = id) => ({
    [`${prefix}-id`]: msgId,
    [`${prefix}-timestamp`]: String(Math.floor(at.getTime() / 1000)),
    [`${prefix}-signature`]: signature,
  })
  const check = () => presets[preset]({ secret: current })

  it('accepts a delivery signed by the SDK and reports the preset and delivery id', async () => {
    const at = new Date()
    const result = await verify(check(), {
      headers: headers(signer(current).sign(id, at, body), at),
      body,
    })
    expect(result.ok && [result.webhook.check, result.webhook.id]).toEqual([preset, id])
  })

  it('finds the matching signature in a rotated list, skipping v1a entries', async () => {
    const at = new Date()
    const v1a = `v1a,${Buffer.alloc(64, 7).toString('base64')}`
    const list = [
      v1a,
      signer(previous).sign(id, at, body),
      signer(current).sign(id, at, body),
    ].join(' ')
    expect((await verify(check(), { headers: headers(list, at), body })).ok).toBe(true)
    const rotated = presets[preset]({
      secret: [
        { value: current, id: 'new' },
        { value: previous, id: 'old' },
      ],
    })
    const old = await verify(rotated, {
      headers: headers(signer(previous).sign(id, at, body), at),
      body,
    })
    expect(old.ok && old.webhook.keyId).toBe('old')
  })

  it('rejects the SDK signature over another id, timestamp or body', async () => {
    const at = new Date()
    const signature = signer(current).sign(id, at, body)
    expect(code(await verify(check(), { headers: headers(signature, at, `${id}x`), body }))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    )
    expect(
      code(
        await verify(check(), { headers: headers(signature, new Date(at.getTime() + 1000)), body }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect(
      code(await verify(check(), { headers: headers(signature, at), body: `${body}\n` })),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects SDK signatures 10 minutes old or ahead', async () => {
    for (const [shift, expected] of [
      [-600_000, 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD'],
      [600_000, 'ERR_WEBHOOK_TIMESTAMP_TOO_NEW'],
    ] as const) {
      const at = new Date(Date.now() + shift)
      expect(
        code(
          await verify(check(), { headers: headers(signer(current).sign(id, at, body), at), body }),
        ),
      ).toBe(expected)
    }
  })
})

it('svix-family presets keep the telling error when svix-* fails and webhook-* is absent', async () => {
  const at = new Date()
  const body = '{"a":1}'
  const signature = new SvixWebhook('whsec_cHJldmlvdXMtc2VjcmV0LW9mLTMyLWJ5dGVzISE=').sign(
    'msg_1',
    at,
    body,
  )
  const headers = {
    'svix-id': 'msg_1',
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': signature,
  }
  const result = await verify(presets.clerk({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }), {
    headers,
    body,
  })
  expect(code(result)).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
})

describe('github (@octokit/webhooks-methods sign)', () => {
  const secret = 'octokit-shared-secret'
  const body = JSON.stringify({ action: 'opened', number: 1, title: 'Zoë 😀' })

  it('accepts what octokit signs', async () => {
    const result = await verify(presets.github({ secret }), {
      headers: { 'X-Hub-Signature-256': await octokitSign(secret, body) },
      body,
    })
    expect(result.ok && result.webhook.check).toBe('github')
  })

  it('rejects octokit signatures over another body or with another secret', async () => {
    const check = presets.github({ secret })
    expect(
      code(
        await verify(check, {
          headers: { 'x-hub-signature-256': await octokitSign(secret, body) },
          body: `${body} `,
        }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
    expect(
      code(
        await verify(check, {
          headers: { 'x-hub-signature-256': await octokitSign('other', body) },
          body,
        }),
      ),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('rejects the octokit signature without its sha256= prefix or with it doubled', async () => {
    const signature = await octokitSign(secret, body)
    const check = presets.github({ secret })
    for (const value of [signature.slice('sha256='.length), `sha256=${signature}`]) {
      expect(code(await verify(check, { headers: { 'x-hub-signature-256': value }, body }))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
    }
  })
})
