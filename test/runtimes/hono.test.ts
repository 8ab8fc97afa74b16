/**
 * `@hookwarden/hono` inside workerd (Miniflare), Bun (Bun.serve) and Deno (Deno.serve), on the
 * built packages: the conformance table against the Hono app bundled for each runtime.
 */
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { describeAdapters } from '../conformance/describe-adapters.js'
import type { Stats } from '../conformance/fetch-app.js'
import { httpStats, requestInit, sendHttp, type Harness } from '../conformance/harness.js'
import { bundleWorker, type Bundle } from './bundle.js'
import { startChildServer, type ChildServer } from './child-server.js'
import { runtimeChecks } from './runtime-checks.js'

const entry = fileURLToPath(new URL('./hono-worker-app.ts', import.meta.url))
const bundleHono = (conditions: string[]) =>
  bundleWorker(conditions, 'esm', { entry, packages: ['core', 'fetch', 'hono'] })

let workerd: { bundle: Bundle; mf: Miniflare }
const dispatch = async (path: string, init?: RequestInit) =>
  (await workerd.mf.dispatchFetch(`http://hooks.test${path}`, init as never)) as unknown as Response

const inWorkerd: Harness = {
  name: 'hono in workerd (miniflare)',
  kind: 'hono',
  // As for the fetch adapter: workerd resets the connection when a worker answers before reading
  // an upload, so Node's client loses the 413 (a transport effect); `/__stream-self` covers it.
  skip: (scenario) => scenario.name.includes('16 MiB stream'),
  async start() {
    const bundle = await bundleHono(['workerd', 'worker', 'browser'])
    const mf = new Miniflare({
      modules: true,
      script: bundle.code,
      compatibilityDate: '2025-01-01',
    })
    await mf.ready
    workerd = { bundle, mf }
  },
  async stop() {
    await workerd.mf.dispose()
    workerd.bundle.dispose()
  },
  async send(path, delivery) {
    const { init, pulled, abort } = requestInit(delivery)
    return { response: await dispatch(path, init), pulled: pulled(), abort }
  },
  stats: async () => (await (await dispatch('/__stats')).json()) as Stats,
}

function childHarness(runtime: 'bun' | 'deno'): {
  harness: Harness
  get: (path: string, init?: RequestInit) => Promise<Response>
  bundle: () => Bundle
} {
  let bundle: Bundle
  let server: ChildServer
  const harness: Harness = {
    name: `hono in ${runtime === 'bun' ? 'Bun' : 'Deno'}`,
    kind: 'hono',
    drainsUploads: true,
    async start() {
      bundle = await bundleHono([runtime, 'worker', 'browser'])
      server = await startChildServer(runtime, bundle.file)
    },
    async stop() {
      await server.stop()
      bundle.dispose()
    },
    send: (path, delivery) => sendHttp(server.base, path, delivery),
    stats: () => httpStats(server.base)(),
  }
  return { harness, get: (path, init) => fetch(server.base + path, init), bundle: () => bundle }
}

describeAdapters([inWorkerd], () =>
  runtimeChecks(dispatch, () => workerd.bundle, /^Cloudflare-Workers$/),
)
const bun = childHarness('bun')
describeAdapters([bun.harness], () => runtimeChecks(bun.get, bun.bundle, /^bun \d/))
const deno = childHarness('deno')
describeAdapters([deno.harness], () => runtimeChecks(deno.get, deno.bundle, /^deno \d/))
