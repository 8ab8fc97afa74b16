import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'crypto/node': 'src/crypto/node.ts',
    'crypto/web': 'src/crypto/web.ts',
  },
  format: ['esm', 'cjs'],
  // '#crypto' stays an import: package.json "imports" picks node:crypto or Web Crypto per runtime.
  external: ['#crypto'],
  dts: { entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
})
