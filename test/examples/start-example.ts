/**
 * Test helper for the Bun and Deno examples: starts one as a child process on port 0 with a known
 * secret and reads its URL from the "listening on ..." line.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const EXAMPLE_SECRET = 'example secret'

export interface RunningExample {
  url: string
  stop(): Promise<void>
}

export function startExample(runtime: 'bun' | 'deno', args: string[]): Promise<RunningExample> {
  const bin = fileURLToPath(new URL(`../../node_modules/.bin/${runtime}`, import.meta.url))
  const child = spawn(bin, args, {
    cwd: fileURLToPath(new URL(`../../examples/${runtime}/`, import.meta.url)),
    env: { ...process.env, PORT: '0', GITHUB_WEBHOOK_SECRET: EXAMPLE_SECRET, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`${runtime} exited with ${code}: ${output}`))
    child.once('exit', onExit)
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (\S+)/.exec(output)
      if (!match) return
      child.off('exit', onExit)
      resolve({
        url: match[1]!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill()
          }),
      })
    })
  })
}
