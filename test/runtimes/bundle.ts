/**
 * Bundles the conformance worker with esbuild from the BUILT packages (`pnpm build` first), using
 * the runtime's export conditions, so `#crypto` resolves the way that runtime resolves it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('../..', import.meta.url))
const defaultEntry = fileURLToPath(new URL('./worker-app.ts', import.meta.url))

/** A node_modules holding only our packages, so resolution goes through their package.json exports. */
function packagesDir(packages: readonly string[]): string {
  for (const name of packages) {
    if (!existsSync(join(root, 'packages', name, 'dist', 'index.js'))) {
      throw new Error(`packages/${name}/dist is missing: run pnpm build before the runtime tests`)
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'hookwarden-runtime-'))
  mkdirSync(join(dir, 'node_modules', '@hookwarden'), { recursive: true })
  for (const name of packages)
    symlinkSync(join(root, 'packages', name), join(dir, 'node_modules', '@hookwarden', name))
  return join(dir, 'node_modules')
}

export interface Bundle {
  code: string
  /** Where the bundle was written (for runtimes that load a file). */
  file: string
  /** Removes the temporary directory. */
  dispose(): void
}

/**
 * `conditions`: e.g. `['workerd', 'worker', 'browser']`. `format: 'iife'` wraps the app in
 * `addEventListener('fetch', ...)` for edge-runtime, which evaluates scripts, not modules. `entry`
 * and `packages`: another app (the Hono one) and the built packages it imports.
 */
export async function bundleWorker(
  conditions: string[],
  format: 'esm' | 'iife' = 'esm',
  {
    entry = defaultEntry,
    packages = ['core', 'fetch'],
  }: { entry?: string; packages?: string[] } = {},
): Promise<Bundle> {
  const nodePaths = [packagesDir(packages)]
  const outdir = join(nodePaths[0]!, '..', 'out')
  const stdin =
    format === 'esm'
      ? { contents: `export { default } from ${JSON.stringify(entry)}`, resolveDir: root }
      : {
          contents:
            `import app from ${JSON.stringify(entry)}\n` +
            `addEventListener('fetch', (event) => event.respondWith(app.fetch(event.request)))`,
          resolveDir: root,
        }
  const file = join(outdir, format === 'esm' ? 'worker.mjs' : 'worker.js')
  const result = await build({
    stdin,
    bundle: true,
    format,
    platform: 'neutral',
    conditions,
    mainFields: ['module', 'main'],
    nodePaths,
    target: 'es2022',
    // No tsconfig: the repository's `paths` would map @hookwarden/* and #crypto to the sources.
    tsconfigRaw: '{}',
    outfile: file,
    write: true,
    logLevel: 'silent',
  })
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.text).join('\n'))
  const dir = join(nodePaths[0]!, '..')
  return {
    code: readFileSync(file, 'utf8'),
    file,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** What proves the Web Crypto side of the seam is the one bundled. */
export function nodeCryptoMarkers(code: string): string[] {
  return [
    'node:crypto',
    'createHmac',
    'require("crypto")',
    "from 'crypto'",
    'from "crypto"',
  ].filter((m) => code.includes(m))
}
