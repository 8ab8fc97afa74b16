/**
 * Fuzz: presets whose signature material lives in the body (Mailgun, Adyen notifications, Microsoft
 * Graph's clientState), which the header model of the other fuzzers does not describe. Oracle: a
 * delivery is accepted exactly when every signed field (or credential) equals the genuine one;
 * unsigned fields may change freely. Genuine signatures come from node:crypto (Mailgun's documented
 * recipe) and Adyen's own HmacValidator; Graph's clientState is a value compared as sent.
 */
import { createHmac } from 'node:crypto'
import { hmacValidator as HmacValidator } from '@adyen/api-library'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult } from '@hookwarden/core'
import { BODY_FIELD_PRESETS } from './support/body-fields.js'
import { assertSoundRejection } from './support/invariants.js'
import { mutateString, stringMutationArb } from './support/mutations.js'
import { fcParams, runsFor } from './support/runs.js'
import { NOW } from './support/subjects.js'

const MAILGUN_KEY = 'hkc-mailgun-S3cr3t-9Qz'
const ADYEN_KEY = Buffer.from('hkc-adyen-S3cr3t-9Qz-hmac-key-32b').toString('hex')
const GRAPH_STATES = ['hkc-msgraph-S3cr3t-9Qz', 'hkc-msgraph-previous-S3cr3t-9Qz']

const text = fc.string({ unit: 'grapheme', maxLength: 24 })

describe('fuzz: body-field presets', () => {
  it('covers the presets the header model cannot', () => {
    expect([...BODY_FIELD_PRESETS].sort()).toEqual(['adyen', 'mailgun', 'microsoftGraph'])
  })

  it('mailgun: accepted exactly when timestamp, token and signature are the genuine ones', async () => {
    const verifier = createVerifier(presets.mailgun({ secret: MAILGUN_KEY }), {
      clock: () => NOW,
    })
    const ts = String(Math.floor(NOW / 1000) - 2)
    const fields = fc.record({
      token: fc.stringMatching(/^[0-9a-f]{50}$/),
      event: text,
      form: fc.boolean(),
      change: fc.option(
        fc.record({
          field: fc.constantFrom('timestamp', 'token', 'signature'),
          value: text,
        }),
      ),
    })
    await fc.assert(
      fc.asyncProperty(fields, async ({ token, event, form, change }) => {
        const genuine = {
          timestamp: ts,
          token,
          signature: createHmac('sha256', MAILGUN_KEY)
            .update(ts + token)
            .digest('hex'),
        }
        const sent = change ? { ...genuine, [change.field]: change.value } : genuine
        const body = form
          ? new URLSearchParams({ ...sent, event }).toString()
          : JSON.stringify({ signature: sent, 'event-data': { event } })
        const contentType = form ? 'application/x-www-form-urlencoded' : 'application/json'
        const result: VerifyResult = await verifier.verify({
          headers: { 'content-type': contentType },
          body,
        })
        const same =
          sent.timestamp === genuine.timestamp &&
          sent.token === genuine.token &&
          sent.signature.toLowerCase() === genuine.signature
        if (result.ok) {
          expect(same).toBe(true)
          expect(result.webhook.id).toBe(token)
        } else {
          expect(same, `lost a genuine delivery: ${result.error.code}`).toBe(false)
          assertSoundRejection(result.error, [MAILGUN_KEY, genuine.signature], true)
        }
      }),
      fcParams(runsFor(0.1)),
    )
  })

  it('adyen: every item must keep its signed fields; unsigned ones may change', async () => {
    const validator = new HmacValidator()
    const verifier = createVerifier(presets.adyen({ secret: ADYEN_KEY }), { clock: () => NOW })
    const item = fc.record({
      pspReference: text,
      originalReference: fc.option(text, { nil: undefined }),
      merchantAccountCode: text,
      merchantReference: text,
      amount: fc.record({ value: fc.integer({ min: 0, max: 2 ** 40 }), currency: text }),
      eventCode: text,
      success: fc.constantFrom('true', 'false'),
      reason: text,
    })
    const signedFields = [
      'pspReference',
      'originalReference',
      'merchantAccountCode',
      'merchantReference',
      'eventCode',
      'success',
    ] as const
    const plan = fc.record({
      items: fc.array(item, { minLength: 1, maxLength: 4 }),
      target: fc.nat(),
      change: fc.option(
        fc.record({
          field: fc.constantFrom(...signedFields, 'value', 'currency', 'reason'),
          value: text,
        }),
      ),
    })
    await fc.assert(
      fc.asyncProperty(plan, async ({ items, target, change }) => {
        const entries = items.map((fields) => ({
          NotificationRequestItem: {
            ...fields,
            additionalData: { hmacSignature: validator.calculateHmac(fields as never, ADYEN_KEY) },
          },
        }))
        let signedChange = false
        if (change) {
          const entry = entries[target % entries.length]!.NotificationRequestItem
          const before = JSON.stringify(entry)
          if (change.field === 'value')
            entry.amount = { ...entry.amount, value: change.value.length }
          else if (change.field === 'currency')
            entry.amount = { ...entry.amount, currency: change.value }
          else (entry as Record<string, unknown>)[change.field] = change.value
          const after = { ...entry, additionalData: {} }
          signedChange =
            before !== JSON.stringify(entry) &&
            change.field !== 'reason' &&
            validator.getDataToSign(after as never) !==
              validator.getDataToSign({ ...JSON.parse(before), additionalData: {} } as never)
        }
        const body = JSON.stringify({ live: 'false', notificationItems: entries })
        const result = await verifier.verify({ headers: {}, body })
        if (result.ok) expect(signedChange, 'accepted a changed signed field').toBe(false)
        else {
          expect(signedChange, `lost a genuine delivery: ${result.error.code}`).toBe(true)
          expect(result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
          assertSoundRejection(result.error, [ADYEN_KEY], true)
        }
      }),
      fcParams(runsFor(0.1)),
    )
  })

  it('microsoftGraph: accepted exactly when every notification carries a configured clientState', async () => {
    const verifier = createVerifier(presets.microsoftGraph({ clientState: GRAPH_STATES }), {
      clock: () => NOW,
    })
    // Each notification's clientState: a configured one, one of them changed, or not a string.
    const state = fc.oneof(
      { arbitrary: fc.nat({ max: 1 }).map((i) => GRAPH_STATES[i]), weight: 4 },
      {
        arbitrary: fc
          .tuple(fc.nat({ max: 1 }), fc.array(stringMutationArb, { minLength: 1, maxLength: 2 }))
          .map(([i, mutations]) =>
            mutations.reduce((t, m) => mutateString(t, m, undefined), GRAPH_STATES[i]!),
          ),
        weight: 3,
      },
      { arbitrary: fc.constantFrom(undefined, null, 0, '', [GRAPH_STATES[0]], {}), weight: 1 },
    )
    const item = fc.record({
      subscriptionId: fc.uuid(),
      changeType: fc.constantFrom('created', 'updated', 'deleted'),
      resource: text,
      clientState: state,
    })
    const plan = fc.record({
      items: fc.array(item, { minLength: 0, maxLength: 4 }),
      // JSON may spell the same strings with \u escapes and whitespace: the values are compared.
      escape: fc.boolean(),
      indent: fc.constantFrom(0, 2),
      wrap: fc.constantFrom('value', 'value', 'value', 'other', 'bare'),
      asString: fc.boolean(),
    })
    const seen = { accepted: 0, rejected: 0 }
    const escaped = (value: string) =>
      `"${[...value].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
    await fc.assert(
      fc.asyncProperty(plan, async ({ items, escape, indent, wrap, asString }) => {
        const notifications = items.map(({ clientState, ...rest }) =>
          clientState === undefined ? rest : { ...rest, clientState },
        )
        const payload =
          wrap === 'value'
            ? { value: notifications }
            : wrap === 'other'
              ? { items: notifications }
              : notifications
        let json = JSON.stringify(payload, null, indent)
        if (escape) {
          for (const configured of GRAPH_STATES)
            json = json.split(JSON.stringify(configured)).join(escaped(configured))
        }
        const body = asString ? json : new TextEncoder().encode(json)
        const genuine =
          wrap === 'value' &&
          items.length > 0 &&
          items.every(
            (i) => typeof i.clientState === 'string' && GRAPH_STATES.includes(i.clientState),
          )
        const result = await verifier.verify({
          method: 'POST',
          url: 'https://hooks.example.com/graph',
          headers: { 'content-type': 'application/json' },
          body,
        })
        seen[result.ok ? 'accepted' : 'rejected']++
        if (result.ok) {
          expect(genuine, `accepted a forged clientState: ${json}`).toBe(true)
          expect(result.webhook.text()).toBe(json)
        } else {
          expect(genuine, `lost a genuine delivery: ${result.error.code}: ${json}`).toBe(false)
          expect(['ERR_WEBHOOK_CREDENTIALS_MISSING', 'ERR_WEBHOOK_CREDENTIALS_INVALID']).toContain(
            result.error.code,
          )
          assertSoundRejection(result.error, GRAPH_STATES, true)
        }
      }),
      fcParams(runsFor(0.1)),
    )
    // Not vacuous: both answers occur often.
    expect(seen.accepted).toBeGreaterThan(runsFor(0.1) * 0.05)
    expect(seen.rejected).toBeGreaterThan(runsFor(0.1) * 0.05)
  })
})
