/**
 * Bundles a bench entry with esbuild from the BUILT packages, under a runtime's export conditions,
 * so `#crypto` resolves as that runtime resolves it (as test/runtimes/bundle.ts does for tests).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

/** A temp dir whose node_modules holds our packages (so their package.json exports apply). */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'hookwarden-bench-'))
  mkdirSync(join(dir, 'node_modules', '@hookwarden'), { recursive: true })
  for (const name of ['core'])
    symlinkSync(join(root, 'packages', name), join(dir, 'node_modules', '@hookwarden', name))
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/** `contents`: the entry's source; resolved from the repository root. Returns the file written. */
export async function bundle(dir, name, contents, conditions) {
  const outfile = join(dir, `${name}.mjs`)
  const result = await build({
    stdin: { contents, resolveDir: root },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions,
    mainFields: ['module', 'main'],
    nodePaths: [join(dir, 'node_modules'), join(root, 'node_modules')],
    target: 'es2022',
    tsconfigRaw: '{}',
    outfile,
    minify: false,
    logLevel: 'silent',
  })
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.text).join('\n'))
  return outfile
}
