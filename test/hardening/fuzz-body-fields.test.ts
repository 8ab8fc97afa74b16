/**
 * Fuzz: presets whose signature material lives in the body (Mailgun, Adyen notifications), which
 * the header model of the other fuzzers does not describe. Oracle: a delivery is accepted exactly
 * when every signed field equals the genuine one; unsigned fields may change freely. Genuine
 * signatures come from node:crypto (Mailgun's documented recipe) and Adyen's own HmacValidator.
 */
import { createHmac } from 'node:crypto'
import { hmacValidator as HmacValidator } from '@adyen/api-library'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type VerifyResult } from '@hookwarden/core'
import { BODY_FIELD_PRESETS } from './support/body-fields.js'
import { assertSoundRejection } from './support/invariants.js'
import { fcParams, runsFor } from './support/runs.js'
import { NOW } from './support/subjects.js'

const MAILGUN_KEY = 'hkc-mailgun-S3cr3t-9Qz'
const ADYEN_KEY = Buffer.from('hkc-adyen-S3cr3t-9Qz-hmac-key-32b').toString('hex')

const text = fc.string({ unit: 'grapheme', maxLength: 24 })

describe('fuzz: body-field presets', () => {
  it('covers the presets the header model cannot', () => {
    expect([...BODY_FIELD_PRESETS].sort()).toEqual(['adyen', 'mailgun'])
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
})
