/**
 * `hookwarden sign` and `hookwarden send`, checked by independent verifiers: the senders' SDKs
 * (@octokit/webhooks-methods, stripe-node, standardwebhooks) and real receivers on 127.0.0.1 (a
 * plain node:http server verifying with the standardwebhooks SDK, and the Express adapter with a
 * replay store).
 */
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { createVerifier, memoryReplayStore, presets } from '@hookwarden/core'
import { createExpressMiddleware } from '@hookwarden/express'
import { verify as octokitVerify } from '@octokit/webhooks-methods'
import express from 'express'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuild, run, SECRETS, workDir } from './cli-harness.js'

const GITHUB_SECRET = 'gh-sign-secret-6a2f81c0d4'
const STRIPE_SECRET = 'whsec_sign_stripe_93b7e1f0'
const STANDARD_SECRET = 'whsec_c2VuZC10ZXN0LXNlY3JldC1vZi0zMi1ieXRlcyE='
const GITLAB_TOKEN = 'glpat-send-token-5d8e2b7a'
SECRETS.push(GITHUB_SECRET, STRIPE_SECRET, STANDARD_SECRET, GITLAB_TOKEN)
const env = { GITHUB_SECRET, STRIPE_SECRET, STANDARD_SECRET, GITLAB_TOKEN }
const body = JSON.stringify({ type: 'invoice.paid', data: { id: 'in_1', note: 'Zoë' } })
const file = workDir()
const bodyFile = file('body.json', body)

/** Header lines `name: value` as printed by `sign`. */
function headersOf(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
  )
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    )
  })
}

beforeAll(requireBuild)

describe('hookwarden sign', () => {
  it('signs like GitHub: octokit verifies the printed signature', async () => {
    const r = await run(
      ['sign', '--preset', 'github', '--secret-env', 'GITHUB_SECRET', '--body', bodyFile],
      env,
    )
    expect(r.code).toBe(0)
    const headers = headersOf(r.stdout)
    expect(await octokitVerify(GITHUB_SECRET, body, headers['x-hub-signature-256']!)).toBe(true)
  })

  it('signs like Stripe at a given time: stripe-node verifies it', async () => {
    const t = Math.floor(Date.now() / 1000) - 10
    const r = await run(
      [
        'sign',
        '--preset',
        'stripe',
        '--secret-env',
        'STRIPE_SECRET',
        '--body',
        bodyFile,
        '--timestamp',
        String(t),
        '--json',
      ],
      env,
    )
    const { headers } = JSON.parse(r.stdout) as { headers: Record<string, string> }
    expect(headers['stripe-signature']).toMatch(new RegExp(`^t=${t},v1=[0-9a-f]{64}$`))
    const event = new Stripe('sk_test_dummy').webhooks.constructEvent(
      body,
      headers['stripe-signature']!,
      STRIPE_SECRET,
    )
    expect(event.type).toBe('invoice.paid')
  })

  it('prints a curl command that a real receiver accepts', async () => {
    const received: { status: number }[] = []
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
        )
        let status = 204
        try {
          new StandardWebhook(STANDARD_SECRET).verify(
            Buffer.concat(chunks).toString('utf8'),
            headers,
          )
        } catch {
          status = 400
        }
        received.push({ status })
        res.writeHead(status).end()
      })
    })
    const url = await listen(server)
    try {
      const r = await run(
        [
          'sign',
          '--preset',
          'standardWebhooks',
          '--secret-env',
          'STANDARD_SECRET',
          '--body',
          bodyFile,
          '--id',
          'msg_curl_1',
          '--curl',
          `${url}/hooks`,
        ],
        env,
      )
      expect(r.stdout).toMatch(/^curl -sS -X POST 'http:\/\/127\.0\.0\.1:\d+\/hooks'/)
      expect(r.stdout).toContain(`--data-binary @'${bodyFile}'`)
      const sh = await promisify(execFile)('sh', [
        '-c',
        `${r.stdout.trim()} -o /dev/null -w '%{http_code}'`,
      ])
      expect(sh.stdout).toBe('204')
      expect(received).toEqual([{ status: 204 }])
    } finally {
      server.close()
    }
  })

  it('never prints a credential header: curl reads it from the variable it came from', async () => {
    const r = await run(
      [
        'sign',
        '--preset',
        'gitlab',
        '--secret-env',
        'GITLAB_TOKEN',
        '--body',
        bodyFile,
        '--curl',
        'http://127.0.0.1:9/hooks',
      ],
      env,
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('-H "x-gitlab-token: $GITLAB_TOKEN"')
    const plain = await run(
      ['sign', '--preset', 'gitlab', '--secret-env', 'GITLAB_TOKEN', '--body', bodyFile],
      env,
    )
    expect(plain.stdout).toContain('x-gitlab-token: $GITLAB_TOKEN')
  })
})

describe('hookwarden send, against the Express adapter with a replay store', () => {
  let server: Server
  let url: string
  const handled: unknown[] = []

  beforeAll(async () => {
    const app = express()
    const verifier = createVerifier(presets.standardWebhooks({ secret: STANDARD_SECRET }), {
      replay: memoryReplayStore(),
    })
    app.post('/hooks', createExpressMiddleware(verifier), (req, res) => {
      handled.push(req.webhook?.json())
      res.json({ received: req.webhook?.id })
    })
    server = createServer(app)
    url = `${await listen(server)}/hooks`
  })
  afterAll(() => server.close())

  it('delivers a signed body (exit 0) and prints the answer', async () => {
    const r = await run(
      [
        'send',
        url,
        '--preset',
        'standardWebhooks',
        '--secret-env',
        'STANDARD_SECRET',
        '--body',
        bodyFile,
        '--id',
        'msg_send_1',
      ],
      env,
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`sent a standardWebhooks delivery to ${url}`)
    expect(r.stdout).toContain('HTTP 200 {"received":"msg_send_1"}')
    expect(handled).toContainEqual(JSON.parse(body))
  })

  it('with --replay, sends the same delivery twice: the receiver acknowledges the duplicate', async () => {
    const r = await run(
      [
        'send',
        url,
        '--preset',
        'standardWebhooks',
        '--secret-env',
        'STANDARD_SECRET',
        '--body',
        bodyFile,
        '--id',
        'msg_send_2',
        '--replay',
        '--json',
      ],
      env,
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      preset: 'standardWebhooks',
      tampered: null,
      answers: [
        { status: 200, body: '{"received":"msg_send_2"}' },
        { status: 200, body: '{"duplicate":true}' },
      ],
    })
  })

  it.each(['body', 'signature', 'timestamp'])(
    'with --tamper %s, the receiver rejects it (exit 1)',
    async (what) => {
      const r = await run(
        [
          'send',
          url,
          '--preset',
          'standardWebhooks',
          '--secret-env',
          'STANDARD_SECRET',
          '--body',
          bodyFile,
          '--tamper',
          what,
        ],
        env,
      )
      expect(r.code).toBe(1)
      expect(r.stdout).toContain(`(${what} tampered after signing)`)
      expect(r.stdout).toContain('HTTP 401 {"error":"ERR_WEBHOOK_SIGNATURE_MISMATCH"}')
    },
  )

  it('reports an unreachable receiver as exit 2', async () => {
    const closed = createServer()
    const dead = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    const r = await run(
      [
        'send',
        dead,
        '--preset',
        'standardWebhooks',
        '--secret-env',
        'STANDARD_SECRET',
        '--body',
        bodyFile,
      ],
      env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`could not reach ${dead} (ECONNREFUSED)`)
  })
})
