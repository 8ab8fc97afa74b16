import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { getTestServer } from '@google-cloud/functions-framework/testing'
import { afterAll, beforeAll, describe } from 'vitest'
import { githubCases } from '../../test/examples/github-cases.js'
import { EXAMPLE_SECRET } from '../../test/examples/start-example.js'

let server: Server
let url = ''

// The real Functions Framework: its body parsers run first and leave req.rawBody, as in production.
beforeAll(async () => {
  process.env['GITHUB_WEBHOOK_SECRET'] = EXAMPLE_SECRET
  await import('./src/index.js')
  server = getTestServer('githubWebhook')
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('GitHub webhooks on the Functions Framework', () => githubCases(() => url))
