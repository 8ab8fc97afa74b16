import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Tests run against the sources; `crypto` picks which side of the crypto seam `#crypto` is. */
const alias = (crypto: 'node' | 'web') => [
  { find: /^#crypto$/, replacement: here(`packages/core/src/crypto/${crypto}.ts`) },
  { find: /^@hookwarden\/core\/testing$/, replacement: here('packages/core/src/testing/index.ts') },
  { find: /^@hookwarden\/core\/presets$/, replacement: here('packages/core/src/presets/index.ts') },
  {
    find: /^@hookwarden\/([a-z]+)$/,
    replacement: here('packages/$1/src/index.ts'),
  },
]

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: alias('node') },
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: ['test/hardening/**', '**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Fuzz, mutation, size, secret-hygiene and constant-time tests (test/hardening/README.md):
        // long-running, so their own timeout. HOOKWARDEN_FUZZ_RUNS scales the fuzz counts.
        resolve: { alias: alias('node') },
        test: {
          name: 'hardening',
          include: ['test/hardening/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The same core tests against the Web Crypto side of the seam.
        resolve: { alias: alias('web') },
        test: {
          name: 'web-crypto',
          include: ['packages/core/src/**/*.test.ts', 'test/hardening/mutation.test.ts'],
        },
      },
    ],
  },
})
