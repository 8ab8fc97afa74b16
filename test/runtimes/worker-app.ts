/**
 * The entry bundled into each runtime: the conformance fetch app, `GET /__runtime` (so a test can
 * tell the runtime really is workerd, Bun, Deno or edge-runtime) and `GET /__stream-self`.
 */
import { createFetchApp } from '../conformance/fetch-app.js'

declare const Bun: { version: string } | undefined
declare const Deno: { version: { deno: string } } | undefined
declare const EdgeRuntime: string | undefined

function runtime(): string {
  if (typeof Bun !== 'undefined') return `bun ${Bun.version}`
  if (typeof Deno !== 'undefined') return `deno ${Deno.version.deno}`
  if (typeof EdgeRuntime !== 'undefined') return `edge-runtime ${EdgeRuntime}`
  return String(globalThis.navigator?.userAgent)
}

const app = createFetchApp()
const STREAM_BYTES = 16 * 1024 * 1024

/**
 * Streams 16 MiB into the app from inside the runtime and reports how much was pulled: proves
 * the limit is enforced while streaming where the test's HTTP client cannot show it.
 */
async function streamSelf(): Promise<Response> {
  let pulled = 0
  const chunk = new Uint8Array(64 * 1024)
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= STREAM_BYTES) return controller.close()
      pulled += chunk.byteLength
      controller.enqueue(chunk.slice())
    },
  })
  const init = {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
  }
  const response = await app(new Request('http://self/github', init as RequestInit))
  return Response.json({
    status: response.status,
    body: await response.json(),
    pulled,
    total: STREAM_BYTES,
  })
}

export default {
  fetch(request: Request): Promise<Response> | Response {
    const { pathname } = new URL(request.url)
    if (pathname === '/__runtime') return Response.json({ runtime: runtime() })
    if (pathname === '/__stream-self') return streamSelf()
    return app(request)
  },
}
