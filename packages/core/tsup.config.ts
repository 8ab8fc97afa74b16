import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    presets: 'src/presets/index.ts',
    'crypto/node': 'src/crypto/node.ts',
    'crypto/web': 'src/crypto/web.ts',
  },
  format: ['esm', 'cjs'],
  // Shared chunks in both formats: one copy of the core (one WebhookError class for instanceof)
  // whichever entries a CommonJS program requires.
  splitting: true,
  // '#crypto' stays an import: package.json "imports" picks node:crypto or Web Crypto per runtime.
  external: ['#crypto'],
  dts: {
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      presets: 'src/presets/index.ts',
    },
  },
  sourcemap: true,
  clean: true,
  target: 'es2022',
})
