/**
 * Holding a Fastify reply in its `onSend` stage until the delivery is settled, so a sender that
 * retries the moment it sees a failure finds the delivery released, not still in flight.
 */
import type { FastifyReply } from 'fastify'

/** One webhook route call: the status its reply is sent with, and the gate that holds it. */
export interface HeldSend {
  /** Resolves with the reply's status when it reaches `onSend` (or a hijacked reply finished). */
  readonly status: Promise<number>
  /** True once the reply reached `onSend`. */
  readonly reached: boolean
  /** Called from `onSend`: reports the status and resolves when the reply may leave. */
  send(status: number): Promise<void>
  /** Lets the reply leave (the delivery is settled). */
  release(): void
  /** Fails the reply with `error` instead (an `onError` hook threw while settling). */
  fail(error: unknown): void
}

/**
 * Starts holding `reply`. A hijacked reply (`reply.hijack()`) never reaches `onSend`: it is settled
 * once its raw response has finished, with the status it was sent with.
 */
export function holdSend(reply: FastifyReply): HeldSend {
  let report = (_status: number): void => {}
  const status = new Promise<number>((resolve) => (report = resolve))
  let release = (): void => {}
  let fail = (_error: unknown): void => {}
  const settled = new Promise<void>((resolve, reject) => {
    release = resolve
    fail = reject
  })
  // Nobody awaits `settled` when the reply never reaches onSend: don't make that an unhandled rejection.
  settled.catch(() => {})
  reply.raw.once('finish', () => report(reply.raw.statusCode))
  const held = {
    status,
    reached: false,
    send(code: number) {
      held.reached = true
      report(code)
      return settled
    },
    release: () => release(),
    fail: (error: unknown) => fail(error),
  }
  return held
}
