/**
 * The fetch adapter inside workerd (Cloudflare Workers' runtime) via Miniflare, on the built packages.
 */
import { Miniflare } from 'miniflare'
import { describeAdapters } from '../conformance/describe-adapters.js'
import type { Stats } from '../conformance/fetch-app.js'
import { requestInit, type Harness } from '../conformance/harness.js'
import { bundleWorker, type Bundle } from './bundle.js'
import { runtimeChecks } from './runtime-checks.js'

let bundle: Bundle
let mf: Miniflare

/** Miniflare's dispatchFetch takes its own Request type; the shapes are the web ones. */
async function dispatch(path: string, init?: RequestInit): Promise<Response> {
  return (await mf.dispatchFetch(`http://hooks.test${path}`, init as never)) as unknown as Response
}

const harness: Harness = {
  name: 'fetch adapter in workerd (miniflare)',
  kind: 'fetch',
  // workerd resets the connection when a worker answers before reading an upload, so Node's
  // client loses the 413 (a transport effect, the same with a bare worker); `/__stream-self` covers it.
  skip: (scenario) => scenario.name.includes('16 MiB stream'),
  async start() {
    bundle = await bundleWorker(['workerd', 'worker', 'browser'])
    mf = new Miniflare({ modules: true, script: bundle.code, compatibilityDate: '2025-01-01' })
    await mf.ready
  },
  async stop() {
    await mf.dispose()
    bundle.dispose()
  },
  async send(path, delivery) {
    const { init, pulled, abort } = requestInit(delivery)
    const response = await dispatch(path, init)
    return { response, pulled: pulled(), abort }
  },
  stats: async () => (await (await dispatch('/__stats')).json()) as Stats,
}

describeAdapters([harness], () =>
  runtimeChecks(
    (path, init) => dispatch(path, init),
    () => bundle,
    /^Cloudflare-Workers$/,
  ),
)
