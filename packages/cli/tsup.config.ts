import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  // A command, not a library: one ESM file that Node runs directly.
  format: ['esm'],
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  clean: true,
  target: 'node20',
})
