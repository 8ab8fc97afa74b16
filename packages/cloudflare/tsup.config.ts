import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/durable-object.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Provided by workerd at run time.
  external: ['cloudflare:workers'],
})
