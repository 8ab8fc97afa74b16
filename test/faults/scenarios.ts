/**
 * The faults, one row each: what goes wrong (client, handler, store) and how the senders behave.
 * Every row ends with the same assertion (ledger.ts): each delivery delivered, its handler
 * successful exactly once, never two runs of it at the same time.
 */
import type { FaultyStore } from './stores.js'
import type { Script } from './ledger.js'
import type { Delivery, SendOptions, SendResult } from './sender.js'

/**
 * Claims lapse this long after their last renewal; renewals come every third of it. Small, so
 * renewal is exercised; not smaller, so an event-loop stall on a loaded machine (the 50-copies
 * row runs beside the others) cannot outlast the 2/3 of it a renewal has to land in.
 */
export const IN_FLIGHT_TTL = 500

export interface ScenarioContext {
  readonly url: string
  readonly store: FaultyStore
  /** A new signed delivery with an id unique to this test. */
  delivery(extra?: Record<string, unknown>): Delivery
  /** Sends through the retrying sender and records the result under the delivery's id. */
  send(delivery: Delivery, options?: SendOptions): Promise<SendResult>
}

export interface Scenario {
  readonly name: string
  /** Columns of the README fault table (what the HTTP answer is, what a retry gets, twice?). */
  readonly answer: string
  readonly retry: string
  readonly twice: string
  readonly script?: Script
  run(ctx: ScenarioContext): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `n` deliveries, each sent by one sender, all at once. */
async function each(ctx: ScenarioContext, n: number, options?: SendOptions): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => ctx.send(ctx.delivery(), options)))
}

/** One delivery sent by `copies` senders, the k-th starting `k * staggerMs` later. */
async function copies(ctx: ScenarioContext, count: number, staggerMs = 0): Promise<void> {
  const delivery = ctx.delivery()
  await Promise.all(
    Array.from({ length: count }, async (_, k) => {
      await sleep(k * staggerMs)
      await ctx.send(delivery)
    }),
  )
}

const first =
  (behaviour: ReturnType<Script>): Script =>
  (_, run) =>
    run === 0 ? behaviour : {}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'no fault',
    answer: 'handler’s 2xx',
    retry: 'none needed; a copy gets 200 `{"duplicate":true}`',
    twice: 'no',
    run: (ctx) => each(ctx, 5),
  },
  {
    name: 'handler throws',
    answer: '500',
    retry: 'processed (the claim was released before the 500 left)',
    twice: 'no: the failed run does not count',
    script: first({ throws: true }),
    run: (ctx) => each(ctx, 3),
  },
  {
    name: 'handler answers non-2xx',
    answer: 'the handler’s status (500)',
    retry: 'processed',
    twice: 'no',
    script: first({ status: 500 }),
    run: (ctx) => each(ctx, 3),
  },
  {
    name: 'handler runs longer than inFlightTtl, copies arrive meanwhile',
    answer: 'handler’s 2xx, late',
    retry:
      'copies get 409 + `Retry-After` while it runs (the claim is renewed), then 200 `{"duplicate":true}`',
    twice: 'no',
    script: first({ ms: 2.5 * IN_FLIGHT_TTL }),
    run: (ctx) => copies(ctx, 3, IN_FLIGHT_TTL / 2),
  },
  {
    name: 'client hangs up during the handler, handler succeeds',
    answer: 'none (socket gone); the 2xx commits',
    retry: '409 while the handler runs, then 200 `{"duplicate":true}`',
    twice: 'no',
    script: first({ ms: IN_FLIGHT_TTL }),
    run: (ctx) => each(ctx, 2, { hangUp: (n) => (n === 0 ? { afterMs: 50 } : undefined) }),
  },
  {
    name: 'client hangs up during the handler, handler fails',
    answer: 'none (socket gone); the 500 releases',
    retry: '409 while the handler runs, then processed',
    twice: 'no',
    script: first({ ms: IN_FLIGHT_TTL, status: 500 }),
    run: (ctx) => each(ctx, 2, { hangUp: (n) => (n === 0 ? { afterMs: 50 } : undefined) }),
  },
  {
    name: 'client hangs up mid-body, before the handler',
    answer: 'none (400 `ERR_WEBHOOK_BODY_ABORTED` to a closed socket); nothing claimed',
    retry: 'processed',
    twice: 'no',
    run: (ctx) =>
      each(ctx, 2, { hangUp: (n) => (n === 0 ? { afterMs: 50, midBody: true } : undefined) }),
  },
  {
    name: 'store down at reserve',
    answer: '503 `ERR_WEBHOOK_REPLAY_STORE_UNAVAILABLE` + `Retry-After`, handler not run',
    retry: 'processed once the store is back',
    twice: 'no',
    run: async (ctx) => {
      ctx.store.inject('reserve', { mode: 'down', times: 4 })
      await each(ctx, 2)
    },
  },
  {
    name: 'store slow at reserve, sender times out',
    answer: 'none before the sender’s timeout',
    retry:
      'processed by whichever attempt claims first; the other gets 409 or 200 `{"duplicate":true}`',
    twice: 'no',
    run: async (ctx) => {
      ctx.store.inject('reserve', { mode: 'slow', ms: 3 * IN_FLIGHT_TTL, times: 1 })
      await ctx.send(ctx.delivery(), { timeoutMs: IN_FLIGHT_TTL })
    },
  },
  {
    name: 'store down at commit (twice: retried after 0.25 s, 0.5 s), a copy follows',
    answer: 'handler’s 2xx (the commit is retried in the background)',
    retry: '409 until the retried commit lands, then 200 `{"duplicate":true}`',
    twice: 'no, while the store is back within the commit retries',
    // Renewed during the handler; the second retry comes later than that renewal's lapse.
    script: first({ ms: 0.9 * IN_FLIGHT_TTL }),
    run: async (ctx) => {
      ctx.store.inject('commit', { mode: 'down', times: 2 })
      const delivery = ctx.delivery()
      await ctx.send(delivery)
      await ctx.send(delivery)
    },
  },
  {
    name: 'store slow at commit (3 × inFlightTtl), copies arrive meanwhile',
    answer: 'handler’s 2xx, once the commit is written',
    retry: '409 (the claim is renewed until the commit lands), then 200 `{"duplicate":true}`',
    twice: 'no',
    run: async (ctx) => {
      ctx.store.inject('commit', { mode: 'slow', ms: 3 * IN_FLIGHT_TTL, times: 1 })
      await copies(ctx, 3, IN_FLIGHT_TTL / 2)
    },
  },
  {
    name: 'store down at release after a failed handler',
    answer: 'the handler’s 500',
    retry: '409 until the claim lapses (inFlightTtl) or the retried release lands, then processed',
    twice: 'no',
    script: first({ status: 500 }),
    run: async (ctx) => {
      ctx.store.inject('release', { mode: 'down', times: 1 })
      await each(ctx, 1)
    },
  },
  {
    name: 'store slow at release after a failed handler',
    answer: 'the handler’s 500, once the release is written',
    retry: 'processed',
    twice: 'no',
    script: first({ status: 500 }),
    run: async (ctx) => {
      ctx.store.inject('release', { mode: 'slow', ms: 2 * IN_FLIGHT_TTL, times: 1 })
      await each(ctx, 1)
    },
  },
  {
    name: '50 concurrent copies of one delivery',
    answer: 'one gets the handler’s 2xx',
    retry: 'the others 409 + `Retry-After` while it runs, then 200 `{"duplicate":true}`',
    twice: 'no',
    script: () => ({ ms: 50 }),
    run: (ctx) => copies(ctx, 50),
  },
]
