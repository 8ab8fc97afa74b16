/**
 * What the replay key is made of, and when a delivery is recorded. The key comes from the signed
 * content (timestamp and body), never from which signature matched: a copy with one of two
 * signatures dropped is the same delivery. `verify` records at once (at most once); `handle`
 * records only after the handler succeeded (exactly once with a retrying sender).
 */
import { describe, expect, it } from 'vitest'
import { createVerifier, memoryReplayStore, presets } from '@hookwarden/core'
import { ADAPTERS } from './adapters.js'
import { Ledger } from './ledger.js'
import { postOnce, SECRET, stripeSignature, type Delivery } from './sender.js'
import { describeStore, storeKinds } from './stores.js'

const ROLLED = 'whsec_fault_suite_next'

/** The same body and timestamp, signed with the given secrets. */
function signedWith(body: string, timestamp: number, secrets: readonly string[]): Delivery {
  return {
    id: 'evt_dropped',
    body,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripeSignature(body, timestamp, secrets),
    },
  }
}

describe('a copy with one of two signatures dropped is a duplicate', () => {
  for (const kind of storeKinds()) {
    describeStore(kind, () => {
      for (const adapter of ADAPTERS) {
        it(adapter.name, async () => {
          const verifier = createVerifier(presets.stripe({ secret: [SECRET, ROLLED] }), {
            replay: kind.make(),
          })
          const ledger = new Ledger()
          const served = await adapter.start(verifier, ledger.handler())
          try {
            const body = JSON.stringify({ id: `evt_${adapter.name}_${kind.name}`, object: 'event' })
            const timestamp = Math.floor(Date.now() / 1000)
            const both = await postOnce(
              served.url,
              signedWith(body, timestamp, [SECRET, ROLLED]),
              10_000,
            )
            expect(both).toEqual({ status: 200, body: '{"status":200}' })
            for (const one of [[SECRET], [ROLLED]]) {
              const copy = await postOnce(served.url, signedWith(body, timestamp, one), 10_000)
              expect(copy).toEqual({ status: 200, body: '{"duplicate":true}' })
            }
            // The same body at another timestamp is another signed content: another delivery.
            const later = await postOnce(
              served.url,
              signedWith(body, timestamp + 1, [SECRET]),
              10_000,
            )
            expect(later).toEqual({ status: 200, body: '{"status":200}' })
            expect(ledger.runs.map((run) => run.ok)).toEqual([true, true])
          } finally {
            await served.close()
          }
        })
      }
    })
  }
})

describe('verify records at once; handle records after success', () => {
  const request = (body: string) => {
    const timestamp = Math.floor(Date.now() / 1000)
    return { headers: { 'stripe-signature': stripeSignature(body, timestamp, [SECRET]) }, body }
  }

  it('verify with a store: at most once (a retry after a failed handling is ERR_WEBHOOK_REPLAYED)', async () => {
    const verifier = createVerifier(presets.stripe({ secret: SECRET }), {
      replay: memoryReplayStore(),
    })
    const delivery = request('{"id":"evt_verify"}')
    const first = await verifier.verify(delivery)
    expect(first.ok).toBe(true)
    // The application's own handling fails now; the sender retries the same delivery.
    const retry = await verifier.verify(delivery)
    expect(retry.ok ? 'accepted' : retry.error.code).toBe('ERR_WEBHOOK_REPLAYED')
  })

  it('handle with a store: exactly once (a failed handler is run again on retry, then never)', async () => {
    const verifier = createVerifier(presets.stripe({ secret: SECRET }), {
      replay: memoryReplayStore(),
    })
    const delivery = request('{"id":"evt_handle"}')
    const ledger = new Ledger()
    const handler = ledger.handler((_, run) => (run === 0 ? { throws: true } : {}))
    const options = { status: (code: number) => code }
    await expect(verifier.handle(delivery, handler, options)).rejects.toThrow('injected')
    expect(await verifier.handle(delivery, handler, options)).toEqual({ ok: true, value: 200 })
    const third = await verifier.handle(delivery, handler, options)
    expect(third.ok ? 'ran' : third.rejection.body).toBe('{"duplicate":true}')
    expect(ledger.runs.map((run) => run.ok)).toEqual([false, true])
  })
})
