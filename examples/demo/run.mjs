/**
 * `pnpm demo`: bundles the demo with the workspace packages' TypeScript sources (esbuild, a few
 * hundred milliseconds; no `tsup` build, no type declarations) and runs it. Third-party packages
 * (express, koa, fastify, Nest, jose) stay imports, resolved from node_modules as usual.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('../../', import.meta.url))
const out = fileURLToPath(new URL('./.tmp/demo.mjs', import.meta.url))

/** `@hookwarden/<name>[/testing]` and core's `#crypto` seam → the sources (as vitest.config.ts maps them). */
const workspaceSources = {
  name: 'workspace-sources',
  setup(build) {
    build.onResolve({ filter: /^@hookwarden\/[a-z]+(\/testing)?$|^#crypto$/ }, ({ path }) => {
      if (path === '#crypto') return { path: `${root}packages/core/src/crypto/node.ts` }
      if (path === '@hookwarden/core/testing')
        return { path: `${root}packages/core/src/testing/index.ts` }
      return { path: `${root}packages/${path.slice('@hookwarden/'.length)}/src/index.ts` }
    })
  },
}

mkdirSync(fileURLToPath(new URL('./.tmp/', import.meta.url)), { recursive: true })
await build({
  entryPoints: [fileURLToPath(new URL('./demo.mjs', import.meta.url))],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  plugins: [workspaceSources],
  sourcemap: 'inline',
  logLevel: 'warning',
})
process.setSourceMapsEnabled(true)
await import(pathToFileURL(out).href)
