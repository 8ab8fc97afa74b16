/**
 * Svix cases (Standard Webhooks under `svix-*` headers): hookwarden's svix preset (built dist)
 * against the `svix` SDK's `Webhook.verify`, on the same body as the HMAC cases, so they join the
 * HMAC tables (and their node:crypto baseline). `Webhook.verify` returns nothing and throws on a
 * bad signature; it does not parse the body, so its peer is the preset without `json()`.
 */
import { createHmac } from 'node:crypto'
import { Webhook } from 'svix'
import { createVerifier, presets } from '../../packages/core/dist/index.js'
import { jsonBody } from '../lib.mjs'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

const must = (ok, what) => {
  if (!ok) throw new Error(`bench setup: ${what} did not verify`)
}

/** The svix cases for one body size; `label` as in `hmacCases` (the same group). */
export function svixCases(size, label) {
  const text = jsonBody(size)
  const bytes = new Uint8Array(Buffer.from(text))
  const buffer = Buffer.from(text)
  const group = `${label} (body ${bytes.length} B)`
  const id = 'msg_bench_svix'
  const t = String(Math.floor(Date.now() / 1000))
  const key = Buffer.from(SECRET.slice(6), 'base64')
  const headers = {
    'content-type': 'application/json',
    'svix-id': id,
    'svix-timestamp': t,
    'svix-signature': `v1,${createHmac('sha256', key).update(`${id}.${t}.`).update(bytes).digest('base64')}`,
  }
  const verifier = createVerifier(presets.svix({ secret: SECRET }))
  const sdk = new Webhook(SECRET)
  const hw = () => verifier.verify({ headers, body: bytes })
  // verify() returns undefined and throws on failure; return true so the runner sees a success.
  const viaSdk = () => (sdk.verify(buffer, headers), true)

  return [
    {
      group,
      name: 'hookwarden svix',
      peer: 'svix verify',
      run: hw,
      check: async () => must((await hw()).ok, 'hookwarden svix'),
    },
    {
      group,
      name: 'svix verify',
      sync: true,
      run: viaSdk,
      check: () => must(viaSdk(), 'svix verify'),
    },
  ]
}
