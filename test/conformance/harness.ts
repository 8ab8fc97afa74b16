/**
 * How a conformance row reaches an adapter: over HTTP to a real server, or by calling a fetch
 * handler directly. Counts how many bytes of a streamed body the receiver pulled.
 */
import type { Stats } from './fetch-app.js'
import type { AdapterKind, Delivery, Scenario } from './scenarios.js'

export interface Sent {
  response: Response
  /** Bytes of a generated stream the receiver pulled (`undefined` for byte bodies). */
  pulled: number | undefined
  /** Stops the upload of a stream the receiver left unread. */
  abort(): void
}

export interface Harness {
  name: string
  kind: AdapterKind
  /** Rows this harness cannot run (e.g. a runtime whose test dispatch cannot stream). */
  skip?: (scenario: Scenario) => boolean
  /**
   * The server reads and discards an unread upload before it answers (Bun.serve, Deno.serve), so
   * how much of a stream was sent says nothing about the adapter; the runtime tests cover it inside.
   */
  drainsUploads?: boolean
  start(): Promise<void>
  stop(): Promise<void>
  send(path: string, delivery: Delivery): Promise<Sent>
  stats(): Promise<Stats>
}

const CHUNK = new Uint8Array(64 * 1024).fill(0x7b)

/** Builds the fetch arguments for a delivery; a stream body is generated lazily and counted. */
export function requestInit(delivery: Delivery): {
  init: RequestInit
  pulled: () => number | undefined
  abort(): void
} {
  const controller = new AbortController()
  const method = delivery.method ?? 'POST'
  const base = { method, headers: delivery.headers, signal: controller.signal }
  const body = delivery.body
  if (method === 'GET')
    return { init: base, pulled: () => undefined, abort: () => controller.abort() }
  if (body instanceof Uint8Array)
    return { init: { ...base, body }, pulled: () => undefined, abort: () => controller.abort() }
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled >= body.stream) return c.close()
      pulled += CHUNK.byteLength
      c.enqueue(CHUNK.slice())
    },
  })
  return {
    init: { ...base, body: stream, duplex: 'half' } as RequestInit,
    pulled: () => pulled,
    abort: () => controller.abort(),
  }
}

/** Sends over HTTP with the global `fetch` to `base` (`http://127.0.0.1:<port>`). */
export async function sendHttp(base: string, path: string, delivery: Delivery): Promise<Sent> {
  const { init, pulled, abort } = requestInit(delivery)
  const response = await fetch(base + path, init)
  return { response, pulled: pulled(), abort }
}

/** A harness for a fetch handler served somewhere over HTTP (Bun, Deno, a bridged server). */
export function httpStats(base: string): () => Promise<Stats> {
  return async () => (await (await fetch(`${base}/__stats`)).json()) as Stats
}
