/**
 * Starts a bundled worker in Bun or Deno as a child process on 127.0.0.1 port 0 and returns its
 * base URL, read from the first line the server prints.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = (name: string) =>
  fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url))

const WRAPPERS = {
  bun: `import worker from './worker.mjs'
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => worker.fetch(request) })
console.log(JSON.stringify({ port: server.port }))`,
  deno: `import worker from './worker.mjs'
Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) }, (request) => worker.fetch(request))`,
}

export interface ChildServer {
  base: string
  stop(): Promise<void>
}

/** `bundleFile`: the ESM worker from `bundleWorker`; the wrapper is written beside it. */
export function startChildServer(
  runtime: 'bun' | 'deno',
  bundleFile: string,
): Promise<ChildServer> {
  const file = join(dirname(bundleFile), `${runtime}-server.mjs`)
  writeFileSync(file, WRAPPERS[runtime])
  const args =
    runtime === 'bun' ? [file] : ['run', '--quiet', '--no-prompt', '--allow-net=127.0.0.1', file]
  const child: ChildProcess = spawn(bin(runtime), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    let stdout = ''
    child.once('exit', (code) => reject(new Error(`${runtime} exited with ${code}: ${stderr}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const line = stdout.split('\n').find((l) => l.startsWith('{'))
      if (line === undefined) return
      const { port } = JSON.parse(line) as { port: number }
      resolve({
        base: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done()
            child.removeAllListeners('exit')
            child.once('exit', () => done())
            child.kill()
          }),
      })
    })
  })
}
