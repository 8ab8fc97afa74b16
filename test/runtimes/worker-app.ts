/**
 * The entry bundled into each runtime: the conformance fetch app, `GET /__runtime` (so a test can
 * tell the runtime really is workerd, Bun, Deno or edge-runtime), `GET /__stream-self` and
 * `POST /__vector` (one core vector row verified inside the runtime).
 */
import {
  createVerifier,
  hmac,
  rotation,
  type HmacOptions,
  type RotationOptions,
} from '@hookwarden/core'
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

/** One row of test/vectors (hmac-hex, hmac-base64, malformed, rotation), verified in this runtime. */
interface VectorRow {
  check: HmacOptions
  rotation?: RotationOptions<string>
  headers: Record<string, string | string[]>
  body: string | { hex: string }
  now: number
  verifier?: { tolerance?: number }
}

const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16))

async function verifyVector(request: Request): Promise<Response> {
  const row = (await request.json()) as VectorRow
  const secrets = row.rotation ? rotation(row.rotation) : row.check.secrets
  const verifier = createVerifier(hmac({ ...row.check, secrets }), {
    ...row.verifier,
    clock: () => row.now,
  })
  const body = typeof row.body === 'string' ? row.body : hexBytes(row.body.hex)
  const result = await verifier.verify({ headers: row.headers, body })
  return Response.json(
    result.ok ? { ok: true, keyId: result.webhook.keyId } : { ok: false, code: result.error.code },
  )
}

export default {
  fetch(request: Request): Promise<Response> | Response {
    const { pathname } = new URL(request.url)
    if (pathname === '/__runtime') return Response.json({ runtime: runtime() })
    if (pathname === '/__stream-self') return streamSelf()
    if (pathname === '/__vector') return verifyVector(request)
    return app(request)
  },
}
