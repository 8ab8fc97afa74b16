/**
 * The fetch adapter in Vercel's edge-runtime (an IIFE evaluated by `EdgeRuntime`, served with
 * `runServer` on 127.0.0.1 port 0 and called over HTTP), on the built packages.
 */
import { EdgeRuntime, runServer } from 'edge-runtime'
import { describeAdapters } from '../conformance/describe-adapters.js'
import { httpStats, sendHttp, type Harness } from '../conformance/harness.js'
import { bundleWorker, type Bundle } from './bundle.js'
import { runtimeChecks } from './runtime-checks.js'

let bundle: Bundle
let server: Awaited<ReturnType<typeof runServer>>

const harness: Harness = {
  name: 'fetch adapter in edge-runtime',
  kind: 'fetch',
  async start() {
    bundle = await bundleWorker(['edge-light', 'worker', 'browser'], 'iife')
    const runtime = new EdgeRuntime({ initialCode: bundle.code })
    server = await runServer({ runtime, host: '127.0.0.1', port: 0 })
  },
  async stop() {
    await server.close()
    bundle.dispose()
  },
  send: (path, delivery) => sendHttp(server.url.replace(/\/$/, ''), path, delivery),
  stats: () => httpStats(server.url.replace(/\/$/, ''))(),
}

describeAdapters([harness], () =>
  runtimeChecks(
    (path, init) => fetch(server.url.replace(/\/$/, '') + path, init),
    () => bundle,
    /^edge-runtime /,
  ),
)
