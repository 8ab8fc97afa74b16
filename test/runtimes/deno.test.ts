/**
 * The fetch adapter in Deno (Deno.serve on 127.0.0.1 port 0, called over HTTP), on the built packages.
 */
import { describeAdapters } from '../conformance/describe-adapters.js'
import { httpStats, sendHttp, type Harness } from '../conformance/harness.js'
import { bundleWorker, type Bundle } from './bundle.js'
import { startChildServer, type ChildServer } from './child-server.js'
import { runtimeChecks } from './runtime-checks.js'

let bundle: Bundle
let server: ChildServer

const harness: Harness = {
  name: 'fetch adapter in Deno',
  kind: 'fetch',
  drainsUploads: true,
  async start() {
    bundle = await bundleWorker(['deno', 'worker', 'browser'])
    server = await startChildServer('deno', bundle.file)
  },
  async stop() {
    await server.stop()
    bundle.dispose()
  },
  send: (path, delivery) => sendHttp(server.base, path, delivery),
  stats: () => httpStats(server.base)(),
}

describeAdapters([harness], () =>
  runtimeChecks(
    (path, init) => fetch(server.base + path, init),
    () => bundle,
    /^deno \d/,
  ),
)
