/**
 * Writing hookwarden's answers on a Node `ServerResponse`, and holding the handler's own answer
 * back until the delivery is settled.
 */
import type { ServerResponse } from 'node:http'
import type { Rejection } from '@hookwarden/core'

/**
 * Sends a rejection (or a duplicate's or handshake's answer). After a 408 or 413 the connection
 * is closed: the unread rest of the body is never drained.
 */
export function sendRejection(res: ServerResponse, { status, headers, body }: Rejection): void {
  if (res.headersSent) return void res.end()
  res
    .writeHead(
      status,
      status === 408 || status === 413 ? { ...headers, connection: 'close' } : headers,
    )
    .end(body)
}

/** The status the handler ended the response with, and the release of that response. */
export interface HeldEnd {
  /** Resolves with `res.statusCode` when the handler calls `res.end()`. */
  readonly status: Promise<number>
  /** Lets the held `res.end()` go out (call once the delivery is settled). */
  flush(): void
}

/**
 * Intercepts `res.end` so the delivery is settled BEFORE the response leaves: a sender that retries
 * the moment it sees a failure must find the delivery released, not still in flight.
 */
export function holdEnd(res: ServerResponse): HeldEnd {
  const end = res.end
  let held: (() => void) | undefined
  let flushed = false
  const status = new Promise<number>((resolve) => {
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      res.end = end
      held = () => (end as (...a: unknown[]) => ServerResponse).apply(this, args)
      if (flushed) held()
      resolve(this.statusCode)
      return this
    } as ServerResponse['end']
  })
  return {
    status,
    flush() {
      flushed = true
      held?.()
      held = undefined
    },
  }
}
