/**
 * What the real-server test helpers (redis-server.ts, postgres-server.ts) share: the `describe`
 * that skips without the server (and fails under CI), a free loopback port, and a bounded poll.
 */
import { createServer } from 'node:net'
import { describe, it } from 'vitest'

/** A server binary the tests may need: its name in messages, whether it runs here, how to get it. */
export interface ServerRequirement {
  readonly name: string
  readonly available: boolean
  readonly installHint: string
}

/** A server a test started on 127.0.0.1 in a temp dir. */
export interface LocalServer {
  readonly port: number
  /** What a client connects to. */
  readonly url: string
  /** Stops the server (Redis: SIGTERM; PostgreSQL: fast shutdown) and waits for it to exit. */
  stop(): Promise<void>
  /** Starts it again on the same port and dir after `stop`; does nothing while it runs. */
  start(): Promise<void>
  /** Stops the server and removes its dir. */
  dispose(): Promise<void>
}

const warned = new Set<string>()

/**
 * `describe` that needs `server`: skips with the install hint when it is missing, and fails under
 * CI (`process.env.CI`), where a missing server means a broken set-up, not an optional test.
 */
export function describeWithServer(
  server: ServerRequirement,
  name: string,
  body: () => void,
): void {
  if (server.available) describe(name, body)
  else if (process.env['CI'])
    describe(name, () =>
      it(`needs ${server.name}`, () => {
        throw new Error(server.installHint)
      }),
    )
  else {
    // Skipped only on a developer machine without the server binary (the reason is in the title
    // and said once here); under CI the branch above fails instead, so CI never skips them.
    if (!warned.has(server.name))
      console.warn(`Skipping the ${server.name} tests: ${server.installHint}`)
    warned.add(server.name)
    describe.skip(`${name} (skipped: ${server.installHint})`, body)
  }
}

/** A port free on 127.0.0.1 just now (the server started on it next binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/** Polls `condition` every 20 ms until it holds (bounded by `timeoutMs`, default 10 s). */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
