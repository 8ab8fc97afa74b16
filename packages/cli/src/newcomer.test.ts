/**
 * What a newcomer meets in the first hour, through the built binary: hints for the usual
 * mistakes, redaction that leaves codes alone, no terminal escapes from outside text, and the
 * Solvimon webhook object as `--options-json`. Signatures come from node:crypto or the senders'
 * SDKs, never from hookwarden.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpCapture, requireBuild, run, SECRETS, workDir } from './cli-harness.js'

const SECRET = 'whsec_newcomer_secret_61c0e2'
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const SOLVIMON_SECRET = 'solvimon-newcomer-secret-8d1f'
const SOLVIMON_KEY = 'solvimon-api-key-3e9a07'
SECRETS.push(SECRET, STANDARD_SECRET, SOLVIMON_SECRET, SOLVIMON_KEY)
const env = { SECRET, STANDARD_SECRET, SOLVIMON_SECRET, SOLVIMON_KEY, TOKEN: 'WEBHOOK' }
const body = '{"type":"invoice.paid","id":"evt_1"}'
const file = workDir()
const bodyFile = file('body.json', body)

/** Control characters other than tab and newline (which the output's own layout uses). */
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

beforeAll(requireBuild)

describe('hints for the usual mistakes (exit 2)', () => {
  const capture = file('c.http', httpCapture({ 'Stripe-Signature': 't=1,v1=00' }, body))
  const pem = generateKeyPairSync('ed25519')
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString()
  const publicKeyFile = file('discord.pem', pem)

  it.each([
    [
      '--secret points to --secret-env and --secret-file',
      ['verify', '--preset', 'stripe', '--secret', SECRET],
      'unknown flag --secret; use --secret-env NAME or --secret-file PATH (a secret on the command line lands in shell history)',
    ],
    [
      '--secret=VALUE too, without the value',
      ['sign', `--secret=${SECRET}`],
      'unknown flag --secret; use --secret-env NAME',
    ],
    [
      'a mistyped flag names the nearest one',
      ['verify', '--preset', 'stripe', '--secret-evn', 'SECRET'],
      'unknown flag --secret-evn; did you mean --secret-env?',
    ],
    [
      '--private-key points to --private-key-file',
      ['sign', '--preset', 'discord', '--private-key', 'x'],
      'unknown flag --private-key; use --private-key-file PATH',
    ],
    [
      'a mistyped preset names the nearest one',
      ['verify', '--preset', 'strype', '--secret-env', 'SECRET', '--request', capture],
      'unknown preset "strype"; did you mean stripe? (see `hookwarden presets`)',
    ],
    [
      'sign for an asymmetric preset asks for the private key',
      ['sign', '--preset', 'discord', '--body', bodyFile],
      'discord signs with a private key: give --private-key-file PATH (PEM, PKCS #8)',
    ],
    [
      'send for an asymmetric preset asks for the private key',
      ['send', 'http://127.0.0.1:9/x', '--preset', 'sendgrid', '--body', bodyFile],
      'sendgrid signs with a private key: give --private-key-file PATH',
    ],
    [
      'verify for an asymmetric preset asks for the public key',
      ['verify', '--preset', 'discord', '--request', capture],
      "give discord's public key with --public-key-file PATH (PEM or JWK)",
    ],
    [
      'a secret for an asymmetric preset says it takes none',
      ['verify', '--preset', 'sendgrid', '--secret-env', 'SECRET', '--request', capture],
      "sendgrid takes no shared secret; give sendgrid's public key with --public-key-file PATH",
    ],
    [
      'a secret preset still asks for the secret',
      ['sign', '--preset', 'stripe', '--body', bodyFile],
      'give the secret with --secret-env NAME or --secret-file PATH',
    ],
  ])('%s', async (_name, args, message) => {
    const r = await run(args, env)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stdout).toBe('')
  })

  it('never asks a signer of discord for the public key file', async () => {
    const r = await run(['sign', '--preset', 'discord', '--body', bodyFile], env)
    expect(r.stderr).not.toContain('--public-key-file')
  })

  it('still verifies discord with a public key file (the hint is only for a missing key)', async () => {
    const r = await run(
      ['verify', '--preset', 'discord', '--public-key-file', publicKeyFile, '--request', capture],
      env,
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('reports a preset option typo with the nearest option', async () => {
    const options = file('typo.json', JSON.stringify({ tolerence: 600 }))
    const r = await run(
      [
        'verify',
        '--preset',
        'stripe',
        '--secret-env',
        'SECRET',
        '--options-json',
        options,
        '--request',
        capture,
      ],
      env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("stripe: unknown option 'tolerence'; did you mean 'tolerance'?")
  })
})

describe('redaction by whole token', () => {
  it('keeps ERR_WEBHOOK_CREDENTIALS_INVALID intact when a secret is WEBHOOK', async () => {
    const capture = file('gitlab.http', httpCapture({ 'X-Gitlab-Token': 'not-the-token' }, body))
    const r = await run(
      ['verify', '--preset', 'gitlab', '--secret-env', 'TOKEN', '--request', capture, '--json'],
      env,
    )
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as { code: string }
    expect(report.code).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
    expect(r.stdout).not.toContain('[redacted]')
  })

  describe('a receiver that echoes the secret and sends terminal escapes', () => {
    let server: Server
    let url: string
    const answers: string[] = []

    beforeAll(async () => {
      server = createServer((req, res) => {
        req.resume()
        req.on('end', () => res.writeHead(401).end(answers.shift() ?? ''))
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
    })
    afterAll(() => server.close())

    const send = (answer: string, json = false) => {
      answers.push(answer)
      return run(
        [
          'send',
          url,
          '--preset',
          'github',
          '--secret-env',
          'SECRET',
          '--body',
          bodyFile,
          ...(json ? ['--json'] : []),
        ],
        env,
      )
    }

    it('redacts the echoed secret as a token', async () => {
      const r = await send(`bad secret ${SECRET}; ERR_WEBHOOK_SIGNATURE_MISMATCH`)
      expect(r.code).toBe(1)
      expect(r.stdout).toContain('HTTP 401 bad secret [redacted]; ERR_WEBHOOK_SIGNATURE_MISMATCH')
    })

    it.each([false, true])(
      'strips escapes and controls from the answer (--json %s)',
      async (json) => {
        const r = await send('\u001b[2J\u001b]0;owned\u0007ok\u009b31m\r\nnext\u0000', json)
        expect(r.stdout).not.toMatch(CONTROL)
        if (json) {
          const { answers: got } = JSON.parse(r.stdout) as { answers: { body: string }[] }
          expect(got[0]?.body).toBe('ok next')
        } else expect(r.stdout).toContain('HTTP 401 ok next')
      },
    )
  })
})

describe('outside text is printed without control characters', () => {
  it('prints a signed webhook-id with escapes removed (Standard Webhooks SDK signature)', async () => {
    const id = 'msg_\u001b[31mred\u001b[0m\u001b]0;title\u0007_\u0085end'
    const at = new Date()
    const signature = new StandardWebhook(STANDARD_SECRET).sign(id, at, body)
    const capture = file(
      'sw.http',
      httpCapture(
        {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        Buffer.from(body),
      ),
    )
    for (const json of [false, true]) {
      const r = await run(
        [
          'verify',
          '--preset',
          'standardWebhooks',
          '--secret-env',
          'STANDARD_SECRET',
          '--request',
          capture,
          ...(json ? ['--json'] : []),
        ],
        env,
      )
      expect(r.code).toBe(0)
      expect(r.stdout).not.toMatch(CONTROL)
      if (json) expect((JSON.parse(r.stdout) as { id: string }).id).toBe('msg_red_end')
      else expect(r.stdout).toMatch(/delivery +msg_red_end$/m)
    }
  })

  it('does not echo escapes from a mistyped command or preset', async () => {
    const r = await run(['verify', '--preset', 'str\u001b[2Jipe', '--secret-env', 'SECRET'], env)
    expect(r.code).toBe(2)
    expect(r.stderr).not.toContain('\u001b[2J')
  })
})

describe('--options-json with a Solvimon webhook object', () => {
  const ts = '2026-03-01T09:30:00Z'
  const signature = createHmac('sha256', SOLVIMON_SECRET).update(`${ts}.${body}`).digest('hex')
  SECRETS.push(signature)
  const capture = (apiKey: string) =>
    file(
      `solvimon-${apiKey.length}.http`,
      httpCapture(
        {
          'X-PAYLOAD-SIGNATURE': `v1=${signature}`,
          'X-PAYLOAD-SIGNATURE-TIMESTAMP': ts,
          'X-Api-Key': apiKey,
        },
        body,
      ),
    )
  const webhook = file(
    'solvimon-webhook.json',
    JSON.stringify({
      id: 'whk_1',
      url: 'https://hooks.example.com/solvimon',
      secret_key: { env: 'SOLVIMON_SECRET' },
      signing_protocol: 'HmacSHA256',
      authentication_type: 'API_KEY',
      api_header_field: 'x-api-key',
      api_key: { env: 'SOLVIMON_KEY' },
    }),
  )
  const args = (request: string) => [
    'verify',
    '--preset',
    'solvimon',
    '--options-json',
    webhook,
    '--request',
    request,
    '--now',
    ts,
  ]

  it('verifies with the secret and API key the object names', async () => {
    const r = await run(args(capture(SOLVIMON_KEY)), env)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^accepted {2}by solvimon/)
    expect(r.stdout).toMatch(/key +current$/m)
  })

  it('rejects a wrong API key as the object configures it', async () => {
    const r = await run([...args(capture('wrong-key')), '--json'], env)
    expect(r.code).toBe(1)
    expect((JSON.parse(r.stdout) as { code: string }).code).toBe('ERR_WEBHOOK_CREDENTIALS_INVALID')
  })

  it('refuses a second secret from --secret-env next to the object', async () => {
    const r = await run([...args(capture(SOLVIMON_KEY)), '--secret-env', 'SECRET'], env)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('holds a Solvimon webhook object with its secret_key')
  })

  it('lists the Basic-auth / API-key half under hookwarden presets solvimon', async () => {
    const r = await run(['presets', 'solvimon'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('authorization: Basic <username:password>')
    expect(r.stdout).toContain('<api_header_field>: <api_key>')
  })
})
