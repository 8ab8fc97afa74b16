/**
 * The command line itself: `--help` everywhere (exit 0), usage and configuration mistakes (exit
 * 2) whose messages never repeat a secret, and `hookwarden presets` derived from the checks.
 */
import { presets } from '@hookwarden/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { httpCapture, requireBuild, run, SECRETS, workDir } from './cli-harness.js'

const SECRET = 'whsec_usage_secret_4e7d2a9c'
SECRETS.push(SECRET)
const env = { USAGE_SECRET: SECRET }
const file = workDir()

beforeAll(requireBuild)

describe('hookwarden --help', () => {
  it.each(['verify', 'sign', 'send', 'presets'])('prints help for %s (exit 0)', async (command) => {
    const r = await run([command, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Usage: hookwarden ${command}`)
  })

  it('prints the command list for --help and help, and exits 2 without a command', async () => {
    expect((await run(['--help'])).stdout).toContain('Commands:')
    expect((await run(['help', 'send'])).stdout).toContain('Usage: hookwarden send URL')
    const none = await run([])
    expect(none.code).toBe(2)
    expect(none.stdout).toContain('Commands:')
  })
})

describe('usage and configuration errors exit 2', () => {
  const capture = file('c.http', httpCapture({ 'Stripe-Signature': 't=1,v1=00' }, '{}'))
  const base = ['verify', '--preset', 'stripe', '--request', capture]

  it.each([
    [['verify', '--bogus'], 'unknown flag --bogus'],
    [['verify', '--preset', 'stripe', '--secret-env', 'USAGE_SECRET'], 'give exactly one capture'],
    [
      [...base, '--secret-env', 'NOT_SET_ANYWHERE'],
      'environment variable NOT_SET_ANYWHERE is not set',
    ],
    [[...base], 'give the secret with --secret-env'],
    [
      ['verify', '--preset', 'nosuchsender', '--request', capture, '--secret-env', 'USAGE_SECRET'],
      'unknown preset "nosuchsender"',
    ],
    [
      [...base, '--secret-env', 'USAGE_SECRET', '--now', 'yesterday'],
      '--now must be an ISO-8601 instant',
    ],
    [
      [
        'verify',
        '--preset',
        'stripe',
        '--secret-env',
        'USAGE_SECRET',
        '--request',
        '/nonexistent/capture.http',
      ],
      'cannot read /nonexistent/capture.http (ENOENT)',
    ],
    [
      ['verify', '--preset', 'sendgrid', '--secret-env', 'USAGE_SECRET', '--request', capture],
      'sendgrid takes no shared secret',
    ],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [
      ['send', '--preset', 'github', '--secret-env', 'USAGE_SECRET', '--body', capture],
      'send needs the receiver URL',
    ],
    [
      [
        'send',
        'http://127.0.0.1:9/x',
        '--preset',
        'github',
        '--secret-env',
        'USAGE_SECRET',
        '--body',
        capture,
        '--tamper',
        'timestamp',
      ],
      'github signs no timestamp',
    ],
  ])('%j', async (args, message) => {
    const r = await run(args, env)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stdout).toBe('')
  })

  it('rejects a malformed HTTP capture', async () => {
    const bad = file('bad.http', 'this is not a request\r\n\r\n{}')
    const r = await run(
      ['verify', '--preset', 'stripe', '--secret-env', 'USAGE_SECRET', '--request', bad],
      env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('not an HTTP/1.1 request capture')
  })

  it('never repeats a secret typed where it does not belong', async () => {
    const typed = 'whsec_typed_on_the_command_line_1234'
    for (const args of [
      ['verify', typed],
      ['verify', `--secret=${typed}`],
      ['verify', '--secret', typed],
    ]) {
      const r = await run(args)
      expect(r.code).toBe(2)
      expect(r.stderr + r.stdout).not.toContain(typed)
    }
  })

  it('reports a preset that signs the URL when the capture has none', async () => {
    const headers = file(
      'hs.headers',
      `X-HubSpot-Signature-v3: ${'A'.repeat(43)}=\nX-HubSpot-Request-Timestamp: 1700000000000\n`,
    )
    const r = await run(
      [
        'verify',
        '--preset',
        'hubspot',
        '--secret-env',
        'USAGE_SECRET',
        '--headers',
        headers,
        '--body',
        file('hs.json', '{}'),
        '--now',
        '1700000000000',
      ],
      env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('pass method and the full url')
  })
})

describe('hookwarden presets', () => {
  it('lists every preset with its header layout', async () => {
    const r = await run(['presets'])
    expect(r.code).toBe(0)
    for (const name of Object.keys(presets)) expect(r.stdout).toMatch(new RegExp(`^${name} `, 'm'))
    expect(r.stdout).toMatch(/^stripe +stripe-signature: t=<timestamp>,v1=<hex>$/m)
    expect(r.stdout).toContain('hmac over {timestamp}_{body}; Unix seconds, tolerance 300 s')
  })

  it('describes one preset as JSON', async () => {
    const r = await run(['presets', 'github', '--json'])
    expect(JSON.parse(r.stdout)).toEqual([
      {
        name: 'github',
        description: expect.objectContaining({
          kind: 'signature',
          header: 'x-hub-signature-256',
          layout: 'sha256=<hex>',
          content: '{body}',
        }) as unknown,
      },
    ])
  })
})
