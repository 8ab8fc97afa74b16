/**
 * A webhook sender that behaves like Stripe's: it signs each delivery once (`Stripe-Signature`,
 * computed here with node:crypto, not with the code under test) and retries the same bytes on any
 * non-2xx answer, a timeout or a broken connection, with backoff, a bounded number of times.
 * Backoffs are milliseconds, not Stripe's hours, so the suite stays fast.
 */
import { createHmac } from 'node:crypto'
import { request } from 'node:http'

export const SECRET = 'whsec_fault_suite'

export interface Delivery {
  readonly id: string
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
}

/** `t=<unix>,v1=<hex>` with one `v1` per secret, as Stripe sends while a secret rolls. */
export function stripeSignature(body: string, timestamp: number, secrets: readonly string[]) {
  const v1 = secrets.map(
    (secret) => `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
  )
  return [`t=${timestamp}`, ...v1].join(',')
}

/** A signed Stripe-style event; `extra` lands in the body, where the test handler reads it. */
export function stripeDelivery(id: string, extra: Record<string, unknown> = {}): Delivery {
  const body = JSON.stringify({ id, object: 'event', type: 'invoice.paid', ...extra })
  const timestamp = Math.floor(Date.now() / 1000)
  return {
    id,
    body,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripeSignature(body, timestamp, [SECRET]),
    },
  }
}

/** One attempt's outcome: an HTTP answer, or why there was none. */
export type Attempt =
  | { readonly status: number; readonly body: string }
  | { readonly error: 'timeout' | 'hung up' | 'connection' }

/** How one attempt misbehaves on the client side. */
export interface HangUp {
  /** Destroy the socket this long after sending. */
  readonly afterMs: number
  /** Send only the first half of the body first (the hang-up then lands before the handler). */
  readonly midBody?: boolean
}

export interface SendOptions {
  /** The sender gives up on an attempt after this long and retries (default 10 s: a guard only). */
  readonly timeoutMs?: number
  /** Attempts before the sender gives up on the delivery (default 60). */
  readonly maxAttempts?: number
  /** The client-side fault for attempt `n` (0-based), if any. */
  readonly hangUp?: (attempt: number) => HangUp | undefined
}

export interface SendResult {
  readonly delivered: boolean
  readonly attempts: readonly Attempt[]
}

/** Posts the delivery once over real HTTP, on a fresh connection. */
export function postOnce(
  url: string,
  delivery: Delivery,
  timeoutMs: number,
  hangUp?: HangUp,
): Promise<Attempt> {
  return new Promise((resolve) => {
    let done = false
    const finish = (attempt: Attempt) => {
      if (done) return
      done = true
      clearTimeout(timer)
      clearTimeout(hangUpTimer)
      resolve(attempt)
    }
    const bytes = Buffer.from(delivery.body)
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { ...delivery.headers, 'content-length': String(bytes.length) },
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      )
      res.on('error', () => finish({ error: 'connection' }))
    })
    req.on('error', () => finish({ error: 'connection' }))
    const timer = setTimeout(() => {
      finish({ error: 'timeout' })
      req.destroy()
    }, timeoutMs)
    const hangUpTimer =
      hangUp &&
      setTimeout(() => {
        finish({ error: 'hung up' })
        req.destroy()
      }, hangUp.afterMs)
    if (hangUp?.midBody) {
      req.flushHeaders()
      req.write(bytes.subarray(0, bytes.length >> 1))
    } else req.end(bytes)
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Delivers until a 2xx, retrying with backoff (10 ms doubling, at most 160 ms). `url` may be a
 * function, read before each attempt.
 */
export async function send(
  url: string | (() => string),
  delivery: Delivery,
  options: SendOptions = {},
): Promise<SendResult> {
  const { timeoutMs = 10_000, maxAttempts = 60, hangUp } = options
  const attempts: Attempt[] = []
  for (let n = 0; n < maxAttempts; n++) {
    if (n > 0) await sleep(Math.min(10 * 2 ** (n - 1), 160))
    const attempt = await postOnce(
      typeof url === 'string' ? url : url(),
      delivery,
      timeoutMs,
      hangUp?.(n),
    )
    attempts.push(attempt)
    if ('status' in attempt && attempt.status >= 200 && attempt.status < 300)
      return { delivered: true, attempts }
  }
  return { delivered: false, attempts }
}
