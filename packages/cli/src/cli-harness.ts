/**
 * Test harness (not part of the build): runs the BUILT `hookwarden` binary as a child process,
 * with piped stdio like a script would, and fails a test if any known secret reaches its output.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

/** Fails with a clear message when the binary has not been built. */
export function requireBuild(): void {
  if (!existsSync(CLI)) {
    throw new Error(
      `${CLI} is missing: run \`pnpm build\` (pnpm test builds first) before these tests`,
    )
  }
}

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Every secret the tests hand to the CLI: none may ever appear in its output. */
export const SECRETS: string[] = []

/** Runs `hookwarden ...args` with extra environment variables; asynchronous, so in-test servers answer. */
export function run(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      for (const secret of SECRETS) {
        expect(stdout, 'a secret reached stdout').not.toContain(secret)
        expect(stderr, 'a secret reached stderr').not.toContain(secret)
      }
      resolve({ code, stdout, stderr })
    })
  })
}

/** A fresh directory for the files a test writes. */
export function workDir(): (name: string, content: string | Uint8Array) => string {
  const dir = mkdtempSync(join(tmpdir(), 'hookwarden-cli-'))
  return (name, content) => {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }
}

/** An HTTP/1.1 request capture with CRLF line ends and the exact body bytes. */
export function httpCapture(
  headers: Record<string, string>,
  body: string | Uint8Array,
  target = '/hooks',
): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body)
  const head = [
    `POST ${target} HTTP/1.1`,
    'Host: hooks.example.com',
    `Content-Length: ${bytes.length}`,
  ]
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`)
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), bytes])
}
