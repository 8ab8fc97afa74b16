/**
 * The receiver process SIGKILLed mid-handler, then restarted: every delivery in flight at the kill
 * is processed exactly once when the sender retries, through every adapter. With Redis the dead
 * process's claims block retries until they lapse (inFlightTtl); with the memory store the new
 * process starts empty and processes the retries at once.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, it } from 'vitest'
import {
  hasRedisServer,
  INSTALL_HINT,
  startRedisServer,
  type RedisServer,
} from '../helpers/redis-server.js'
import { waitUntil } from '../helpers/local-server.js'
import { ADAPTERS } from './adapters.js'
import { expectExactlyOnce, parseLedger } from './ledger.js'
import { IN_FLIGHT_TTL } from './scenarios.js'
import { send, SECRET, stripeDelivery, type SendResult } from './sender.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
// Inside the workspace (gitignored .tmp/) so the bundle's bare imports resolve from node_modules.
const bundle = join(root, '.tmp/faults/receiver.mjs')
const DELIVERIES = 3

/** Bundles the receiver from the sources, as vitest's aliases would resolve them. */
async function bundleReceiver(): Promise<void> {
  mkdirSync(join(root, '.tmp/faults'), { recursive: true })
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/receiver.ts', import.meta.url))],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'workspace-sources',
        setup(plugin) {
          plugin.onResolve({ filter: /^[^./]/ }, ({ path }) => {
            const own = /^@hookwarden\/([a-z]+)$/.exec(path)
            if (own) return { path: join(root, `packages/${own[1]}/src/index.ts`) }
            if (path === '#crypto') return { path: join(root, 'packages/core/src/crypto/node.ts') }
            return { path, external: true }
          })
        },
      },
    ],
  })
}

interface Receiver {
  readonly url: string
  readonly child: ChildProcess
}

function startReceiver(env: Record<string, string>): Promise<Receiver> {
  const child = spawn(process.execPath, [bundle], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk) => {
      stdout += chunk
      const line = stdout.split('\n')[0]
      if (stdout.includes('\n') && line)
        resolve({ url: (JSON.parse(line) as { url: string }).url, child })
    })
    child.once('exit', (code, signal) =>
      reject(new Error(`receiver exited (${code ?? signal}):\n${stderr}`)),
    )
  })
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGKILL')
  return gone
}

describe('receiver SIGKILLed mid-handler and restarted', () => {
  let redis: RedisServer | undefined
  let dir: string
  const children = new Set<ChildProcess>()

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hookwarden-faults-'))
    await bundleReceiver()
    if (hasRedisServer) redis = await startRedisServer()
  })
  afterAll(async () => {
    await Promise.all([...children].map(kill))
    await redis?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  for (const store of ['memory', 'redis'] as const) {
    const missing = store === 'redis' && !hasRedisServer
    if (missing && process.env['CI']) {
      it(`${store} store needs redis-server`, () => {
        throw new Error(INSTALL_HINT)
      })
      continue
    }
    for (const adapter of ADAPTERS) {
      it.skipIf(missing)(
        `${adapter.name}, ${store} store: ${DELIVERIES} deliveries in flight at the kill, each processed once`,
        async () => {
          const ledger = join(dir, `${randomUUID()}.log`)
          writeFileSync(ledger, '')
          const env = {
            ADAPTER: adapter.name,
            STORE: store,
            REDIS_URL: redis?.url ?? '',
            LEDGER: ledger,
            SECRET,
            IN_FLIGHT_TTL: String(IN_FLIGHT_TTL),
          }
          const start = async (hang: boolean) => {
            const receiver = await startReceiver({ ...env, HANG: hang ? '1' : '0' })
            children.add(receiver.child)
            return receiver
          }
          let current = await start(true)
          const deliveries = Array.from({ length: DELIVERIES }, (_, i) =>
            stripeDelivery(`evt_${randomUUID()}_${i}`),
          )
          // The sender keeps its endpoint; the endpoint's address moves with the restart.
          const sending = Promise.all(deliveries.map((d) => send(() => current.url, d)))
          const started = () =>
            parseLedger(readFileSync(ledger, 'utf8')).filter((run) => run.end === undefined)
          await waitUntil(() => started().length === DELIVERIES)
          const victim = current.child
          await kill(victim)
          appendFileSync(ledger, `killed ${victim.pid}\n`)
          current = await start(false)
          const results = await sending
          const sent = new Map<string, SendResult[]>(
            deliveries.map((d, i) => [d.id, [results[i] as SendResult]]),
          )
          expectExactlyOnce(parseLedger(readFileSync(ledger, 'utf8')), sent)
          await kill(current.child)
        },
      )
    }
  }
})
