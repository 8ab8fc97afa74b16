/**
 * Bundled into each runtime (workerd, Bun, Deno) by `bench/runtimes.mjs`: hookwarden's HMAC
 * verification (the built core, as that runtime resolves it: Web Crypto) against the runtime's
 * own `crypto.subtle.verify` with the HMAC key imported once, on the same body and header.
 */
import { createVerifier, hmac } from '@hookwarden/core'

const SECRET = 'bench-github-secret'
const HEADER = 'x-hub-signature-256'

function body(size) {
  const head = '{"id":"evt_bench","type":"invoice.paid","data":{"note":"'
  const tail = '"}}'
  const filler = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(size / 36))
  return new TextEncoder().encode(head + filler.slice(0, size - head.length - tail.length) + tail)
}

const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')

/** `{ [size]: { raw, hookwarden } }`: each an async function answering true on success. */
export async function makeCases(sizes = [256, 4096]) {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
  const verifier = createVerifier(
    hmac({ header: HEADER, prefix: 'sha256=', encoding: 'hex', secrets: SECRET }),
  )
  const out = {}
  for (const size of sizes) {
    const bytes = body(size)
    const signature = `sha256=${hex(new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes)))}`
    const headers = { 'content-type': 'application/json', [HEADER]: signature }
    // A hand-written handler: prefix, hex decoding of the header, then subtle.verify (constant time).
    const raw = async () => {
      const value = headers[HEADER]
      if (!value.startsWith('sha256=') || value.length !== 71) return false
      const sig = new Uint8Array(32)
      for (let i = 0; i < 32; i++) {
        const byte = Number.parseInt(value.slice(7 + 2 * i, 9 + 2 * i), 16)
        if (Number.isNaN(byte)) return false
        sig[i] = byte
      }
      return crypto.subtle.verify('HMAC', key, sig, bytes)
    }
    const hookwarden = async () => (await verifier.verify({ headers, body: bytes })).ok
    if (!(await raw()) || !(await hookwarden())) throw new Error('bench: runtime case fails')
    out[size] = { raw, hookwarden }
  }
  return out
}

/** Runs `fn` `n` times in sequence; the number that failed (0 expected). */
export async function repeat(fn, n) {
  let failed = 0
  for (let i = 0; i < n; i++) if (!(await fn())) failed++
  return failed
}
