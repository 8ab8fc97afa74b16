/**
 * Real PostgreSQL servers for the replay-store tests: a throwaway cluster in a temp dir, 127.0.0.1,
 * a free port, trust authentication, no fsync. As root (initdb and postgres refuse root) the server
 * runs as the `postgres` user through `runuser`. Without the binaries the tests skip, except under
 * CI where they fail.
 */
import { execFile, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  describeWithServer,
  freePort,
  type LocalServer,
  type ServerRequirement,
} from './local-server.js'

const run = promisify(execFile)

export const POSTGRES_INSTALL_HINT =
  'PostgreSQL not found: install it with `apt-get install -y postgresql` (initdb and pg_ctl in /usr/lib/postgresql/<version>/bin or on PATH)'

/** Debian keeps the server binaries off PATH, one dir per major version: take the newest. */
function findBinDir(): string | undefined {
  const onPath = spawnSync('pg_ctl', ['--version'])
  if (onPath.status === 0) return ''
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter(
      (v) =>
        existsSync(join(root, v, 'bin', 'pg_ctl')) && existsSync(join(root, v, 'bin', 'initdb')),
    )
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin')
}

const binDir = findBinDir()
const asRoot = process.getuid?.() === 0
const runuserOk = !asRoot || spawnSync('runuser', ['-u', 'postgres', '--', 'true']).status === 0

/** True when initdb/pg_ctl exist and can be run (as the `postgres` user when we are root). */
export const hasPostgres: boolean = binDir !== undefined && runuserOk

/** PostgreSQL's server binaries, or why not. */
export const POSTGRES_SERVER: ServerRequirement = {
  name: 'PostgreSQL',
  available: hasPostgres,
  installHint: POSTGRES_INSTALL_HINT,
}

/** `describe` that needs PostgreSQL: skips without it, fails under CI. */
export function describeWithPostgres(name: string, body: () => void): void {
  describeWithServer(POSTGRES_SERVER, name, body)
}

/** `url` is `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
export type PostgresServer = LocalServer

/** Runs a server binary, as the `postgres` user when we are root. */
function pg(binary: string, args: string[]) {
  const path = binDir ? join(binDir, binary) : binary
  return asRoot
    ? run('runuser', ['-u', 'postgres', '--', path, ...args], { timeout: 60_000 })
    : run(path, args, { timeout: 60_000 })
}

/** Creates a cluster in a temp dir and starts it on 127.0.0.1 and a free port. */
export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hookwarden-postgres-'))
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const data = join(dir, 'data')
  await pg('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-locale',
    '-N',
  ])
  const port = await freePort()
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`, // the Unix socket stays in our dir, not /var/run/postgresql
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c synchronous_commit=off',
  ].join(' ')
  let running = false
  const start = async () => {
    if (running) return
    await pg('pg_ctl', [
      '-D',
      data,
      '-o',
      serverOptions,
      '-l',
      join(dir, 'server.log'),
      '-w',
      'start',
    ])
    running = true
  }
  const stop = async () => {
    if (!running) return
    running = false
    await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  }
  await start()
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async dispose() {
      await stop().catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
