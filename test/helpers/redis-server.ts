/**
 * Real `redis-server` (or `valkey-server`) processes for the replay-store tests: 127.0.0.1, a free
 * port, a temp dir, no persistence unless asked. Without the binary the tests skip, except under CI
 * where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  describeWithServer,
  freePort,
  waitUntil,
  type LocalServer,
  type ServerRequirement,
} from './local-server.js'

export const INSTALL_HINT =
  'redis-server not found: install it with `apt-get install -y redis-server`'

export const VALKEY_INSTALL_HINT =
  'valkey-server not found: Debian 12 has it in bookworm-backports (`echo "deb http://deb.debian.org/debian bookworm-backports main" > /etc/apt/sources.list.d/backports.list && apt-get update && apt-get install -y -t bookworm-backports valkey-server`)'

/** The server binaries the tests start; both take the same command line. */
export type ServerBinary = 'redis-server' | 'valkey-server'

const requirement = (binary: ServerBinary, installHint: string): ServerRequirement => ({
  name: binary,
  available: spawnSync(binary, ['--version']).status === 0,
  installHint,
})

/** `redis-server` on PATH, or why not. */
export const REDIS_SERVER = requirement('redis-server', INSTALL_HINT)

/** `valkey-server` on PATH, or why not. */
export const VALKEY_SERVER = requirement('valkey-server', VALKEY_INSTALL_HINT)

/** True when a `redis-server` binary is on PATH. */
export const hasRedisServer: boolean = REDIS_SERVER.available

/** `describe` that needs `redis-server`: skips without it, fails under CI. */
export function describeWithRedis(name: string, body: () => void): void {
  describeWithServer(REDIS_SERVER, name, body)
}

/** `describeWithRedis` for `valkey-server`: skips without it, fails under CI. */
export function describeWithValkey(name: string, body: () => void): void {
  describeWithServer(VALKEY_SERVER, name, body)
}

export interface RedisServer extends LocalServer {
  /** SIGSTOP / SIGCONT: the connection stays up but nothing is answered. */
  pause(): void
  resume(): void
}

export interface RedisServerOptions {
  /** Keep data across `stop`/`start` (append-only file, fsync on every write). Default false. */
  persist?: boolean
  /** Which server to run. Default `'redis-server'`. */
  binary?: ServerBinary
}

/** Starts a `redis-server` (or `valkey-server`) on 127.0.0.1 and a free port. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? 'redis-server'
  const dir = mkdtempSync(join(tmpdir(), 'hookwarden-redis-'))
  const port = await freePort()
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--dir',
    dir,
    '--logfile',
    join(dir, 'redis.log'),
    ...(options.persist
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no']),
  ]
  let child: ChildProcess | undefined

  const start = async () => {
    if (child !== undefined) return
    const proc = spawn(binary, args, { stdio: 'ignore' })
    child = proc
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) =>
        reject(new Error(`${binary} exited with ${code}; see ${dir}/redis.log`)),
      ),
    )
    exited.catch(() => {})
    await Promise.race([waitForPing(port), exited])
  }
  const stop = async () => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return
    const gone = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGCONT') // a paused server cannot act on SIGTERM
    proc.kill('SIGTERM')
    await gone
  }

  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async dispose() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Polls `PING` until `+PONG` (bounded: 10 s). */
async function waitForPing(port: number): Promise<void> {
  await waitUntil(() => ping(port)).catch(() => {
    throw new Error(`redis-server on port ${port} did not answer PING within 10 s`)
  })
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let reply = ''
    socket.setTimeout(1000, () => socket.destroy())
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      if (reply.includes('\r\n')) socket.end()
    })
    socket.once('error', () => resolve(false))
    socket.once('close', () => resolve(reply.startsWith('+PONG')))
  })
}
