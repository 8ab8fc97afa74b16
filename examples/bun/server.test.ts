import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { startExample, type RunningExample } from '../../test/examples/start-example.js'
import { githubCases } from '../../test/examples/github-cases.js'

let example: RunningExample
beforeAll(async () => {
  example = await startExample('bun', [fileURLToPath(new URL('./server.ts', import.meta.url))])
})
afterAll(() => example?.stop())

githubCases(() => example.url)
