import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { startExample, type RunningExample } from '../../test/examples/start-example.js'
import { githubCases } from '../../test/examples/github-cases.js'

let example: RunningExample
beforeAll(async () => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url))
  example = await startExample('deno', [
    'run',
    '--quiet',
    '--no-prompt',
    '--allow-net=127.0.0.1',
    '--allow-env',
    main,
  ])
})
afterAll(() => example?.stop())

githubCases(() => example.url)
