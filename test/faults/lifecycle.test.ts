/**
 * Exactly once, under faults: every adapter × every store × every fault of scenarios.ts, over real
 * HTTP with a sender that retries like Stripe. For every delivery: delivered, the handler
 * successful exactly once, never running beside itself (the contract in API.md, "Delivery
 * lifecycle: one owner").
 */
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createVerifier, presets } from '@hookwarden/core'
import { ADAPTERS } from './adapters.js'
import { expectExactlyOnce, Ledger, type Outcome } from './ledger.js'
import { IN_FLIGHT_TTL, SCENARIOS, type ScenarioContext } from './scenarios.js'
import { send, SECRET, stripeDelivery, type SendResult } from './sender.js'
import { describeStore, faulty, storeKinds } from './stores.js'

const totals = { deliveries: 0, runs: 0, tests: 0 }
const seen = new Map<string, Set<string>>()

describe('exactly once under faults', () => {
  const stores = storeKinds()
  afterAll(() => {
    // The numbers for packages/core/README.md ("Exactly once: the fault table").
    if (process.env['FAULTS_REPORT'])
      console.info(
        JSON.stringify(
          { totals, answers: Object.fromEntries([...seen].map(([k, v]) => [k, [...v]])) },
          null,
          1,
        ),
      )
  })

  for (const kind of stores) {
    describeStore(kind, () => {
      for (const adapter of ADAPTERS) {
        describe.concurrent(adapter.name, () => {
          for (const scenario of SCENARIOS) {
            it(scenario.name, async () => {
              const store = faulty(kind.make())
              const verifier = createVerifier(presets.stripe({ secret: SECRET }), {
                replay: store,
                inFlightTtl: IN_FLIGHT_TTL,
              })
              const ledger = new Ledger()
              const served = await adapter.start(verifier, ledger.handler(scenario.script))
              const sent = new Map<string, SendResult[]>()
              const prefix = `evt_${randomUUID()}`
              let n = 0
              const ctx: ScenarioContext = {
                url: served.url,
                store,
                delivery: (extra) => stripeDelivery(`${prefix}_${n++}`, extra),
                async send(delivery, options) {
                  const result = await send(served.url, delivery, options)
                  sent.set(delivery.id, [...(sent.get(delivery.id) ?? []), result])
                  return result
                },
              }
              try {
                await scenario.run(ctx)
              } finally {
                await served.close()
              }
              expect(store.unused()).toEqual([]) // the armed store fault did strike
              const found: Outcome[] = expectExactlyOnce(ledger.runs, sent)
              expect(found.length).toBeGreaterThan(0)
              totals.deliveries += found.length
              totals.runs += ledger.runs.length
              totals.tests++
              const answers = seen.get(scenario.name) ?? new Set()
              for (const results of sent.values())
                for (const { attempts } of results)
                  for (const a of attempts)
                    answers.add('status' in a ? `${a.status} ${a.body}` : a.error)
              seen.set(scenario.name, answers)
            })
          }
        })
      }
    })
  }
})
