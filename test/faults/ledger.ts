/**
 * The ledger of handler runs, and the exactly-once assertions every fault test ends with. Runs are
 * ordered by a sequence number, not by time: two runs of one delivery overlap when one starts
 * before the other has ended, whatever the clocks say.
 */
import { expect } from 'vitest'
import type { VerifiedWebhook } from '@hookwarden/core'
import type { FaultHandler } from './adapters.js'
import type { SendResult } from './sender.js'

export interface Run {
  readonly id: string
  readonly start: number
  /** Sequence number of the end (or of the SIGKILL that ended it); open runs have none. */
  end?: number
  ok?: boolean
  /** Which process ran it (child processes), to close its runs when it is killed. */
  readonly owner?: string
}

/** What the handler does on one run of a delivery. */
export interface Behaviour {
  /** How long it works before answering (ms). */
  readonly ms?: number
  /** Its HTTP status; default 200. */
  readonly status?: number
  readonly throws?: boolean
}

export type Script = (id: string, run: number) => Behaviour

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** An in-process ledger. */
export class Ledger {
  readonly runs: Run[] = []
  #seq = 0

  begin(id: string): Run {
    const run: Run = { id, start: this.#seq++ }
    this.runs.push(run)
    return run
  }

  finish(run: Run, ok: boolean): void {
    run.end = this.#seq++
    run.ok = ok
  }

  of(id: string): Run[] {
    return this.runs.filter((run) => run.id === id)
  }

  /** The handler the adapters serve: it records every run and behaves as `script` says. */
  handler(script: Script = () => ({})): FaultHandler {
    return async (webhook: VerifiedWebhook) => {
      const { id } = webhook.json() as { id: string }
      const behaviour = script(id, this.of(id).length)
      const run = this.begin(id)
      if (behaviour.ms) await sleep(behaviour.ms)
      if (behaviour.throws) {
        this.finish(run, false)
        throw new Error('injected: handler failed')
      }
      const status = behaviour.status ?? 200
      this.finish(run, status >= 200 && status < 300)
      return status
    }
  }
}

/**
 * Reads a ledger file written by child processes: `start <id> <run> <owner>`, `end <run> ok|fail`,
 * and `killed <owner>` (written by the test after a SIGKILL), one per line, in order.
 */
export function parseLedger(text: string): Run[] {
  const byRun = new Map<string, Run>()
  const runs: Run[] = []
  text
    .split('\n')
    .filter(Boolean)
    .forEach((line, seq) => {
      const [kind, a = '', b = '', c = ''] = line.split(' ')
      if (kind === 'start') {
        const run: Run = { id: a, start: seq, owner: c }
        byRun.set(b, run)
        runs.push(run)
      } else if (kind === 'end') {
        const run = byRun.get(a)
        if (run === undefined) throw new Error(`ledger: end of an unknown run ${a}`)
        run.end = seq
        run.ok = b === 'ok'
      } else if (kind === 'killed') {
        for (const run of runs) if (run.owner === a && run.end === undefined) run.end = seq
      } else throw new Error(`ledger: unknown line ${line}`)
    })
  return runs
}

/** Pairs of runs of one delivery whose [start, end] intervals overlap (open runs never end). */
function overlaps(runs: readonly Run[]): number {
  let count = 0
  for (const [i, a] of runs.entries()) {
    for (const b of runs.slice(i + 1)) {
      if (a.start < (b.end ?? Infinity) && b.start < (a.end ?? Infinity)) count++
    }
  }
  return count
}

export interface Outcome {
  readonly id: string
  readonly delivered: boolean
  readonly successes: number
  readonly overlaps: number
}

/** Per delivery: delivered to the sender's satisfaction, one successful run, no concurrent runs. */
export function outcomes(runs: readonly Run[], sent: ReadonlyMap<string, SendResult[]>): Outcome[] {
  return [...sent].map(([id, results]) => {
    const mine = runs.filter((run) => run.id === id)
    return {
      id,
      delivered: results.every((result) => result.delivered),
      successes: mine.filter((run) => run.ok === true).length,
      overlaps: overlaps(mine),
    }
  })
}

/** Exactly once, for every delivery the senders sent. Returns the outcomes for the totals. */
export function expectExactlyOnce(
  runs: readonly Run[],
  sent: ReadonlyMap<string, SendResult[]>,
): Outcome[] {
  const found = outcomes(runs, sent)
  expect(found).toEqual(
    [...sent.keys()].map((id) => ({ id, delivered: true, successes: 1, overlaps: 0 })),
  )
  return found
}
