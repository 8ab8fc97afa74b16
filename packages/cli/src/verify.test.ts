/**
 * `hookwarden verify`, driven as a child process against captures signed by the senders' SDKs
 * (stripe-node, @octokit/webhooks-methods, standardwebhooks) or node:crypto: exit statuses, the
 * `--json` shape, diagnosis findings in the output, and no secret in stdout or stderr.
 */
import { createHmac } from 'node:crypto'
import { sign as octokitSign } from '@octokit/webhooks-methods'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { beforeAll, describe, expect, it } from 'vitest'
import { httpCapture, requireBuild, run, SECRETS, workDir } from './cli-harness.js'

const STRIPE_SECRET = 'whsec_cli_stripe_7c1e93b0a4d2'
const GITHUB_SECRET = 'gh-cli-secret-3f9a0c5e2b71'
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const OLD_SECRET = 'whsec_cli_retired_0d4b6e8a1c'
const USERNAME = 'solvimon-ops-user'
const PASSWORD = 'solvimon-ops-password-91'
const SOLVIMON_SECRET = 'solvimon-signing-secret-55'
SECRETS.push(
  STRIPE_SECRET,
  GITHUB_SECRET,
  STANDARD_SECRET,
  OLD_SECRET,
  USERNAME,
  PASSWORD,
  SOLVIMON_SECRET,
)

const env = {
  STRIPE_SECRET,
  GITHUB_SECRET,
  STANDARD_SECRET,
  OLD_SECRET,
  SOLVIMON_SECRET,
  SOLVIMON_USER: USERNAME,
  SOLVIMON_PASSWORD: PASSWORD,
}
const stripe = new Stripe('sk_test_hookwarden_dummy')
const pretty = JSON.stringify(
  { id: 'evt_cli', object: 'event', type: 'invoice.paid', data: { note: 'Zoë' } },
  null,
  2,
)
const compact = JSON.stringify(JSON.parse(pretty))
const CAPTURED_AT = Date.UTC(2026, 2, 1, 9, 30, 0)
const seconds = (ms: number) => Math.floor(ms / 1000)
const file = workDir()

beforeAll(requireBuild)

function stripeCapture(
  name: string,
  body: string,
  signedBody: string,
  at = Date.now(),
  secret = STRIPE_SECRET,
): string {
  const header = stripe.webhooks.generateTestHeaderString({
    payload: signedBody,
    secret,
    timestamp: seconds(at),
  })
  SECRETS.push(header.split('v1=')[1]!)
  return file(
    name,
    httpCapture({ 'Content-Type': 'application/json', 'Stripe-Signature': header }, body),
  )
}

describe('hookwarden verify', () => {
  it('accepts a Stripe capture signed by stripe-node (exit 0)', async () => {
    const capture = stripeCapture('ok.http', pretty, pretty)
    const r = await run(
      ['verify', '--preset', 'stripe', '--secret-env', 'STRIPE_SECRET', '--request', capture],
      env,
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^accepted {2}by stripe/)
    expect(r.stdout).toContain('STRIPE_SECRET') // the key id is the variable's name, never its value
    expect(r.stdout).not.toContain('\u001b[') // piped: no colour
  })

  it('rejects a body re-serialised by a parser and says so (exit 1)', async () => {
    const capture = stripeCapture('reserialised.http', compact, pretty)
    const r = await run(
      ['verify', '--preset', 'stripe', '--secret-env', 'STRIPE_SECRET', '--request', capture],
      env,
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('rejected  ERR_WEBHOOK_SIGNATURE_MISMATCH (401)')
    expect(r.stdout).toContain('DIAG_BODY_RESERIALISED')
    expect(r.stdout).toContain('re-serialised as 2-space pretty JSON')
  })

  it('prints a stable --json shape', async () => {
    const capture = stripeCapture('json.http', compact, pretty, CAPTURED_AT)
    const r = await run(
      [
        'verify',
        '--preset',
        'stripe',
        '--secret-env',
        'STRIPE_SECRET',
        '--request',
        capture,
        '--json',
        '--now',
        new Date(CAPTURED_AT + 5000).toISOString(),
      ],
      env,
    )
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as Record<string, unknown>
    expect(Object.keys(report)).toEqual([
      'accepted',
      'check',
      'code',
      'status',
      'message',
      'keyId',
      'id',
      'timestamp',
      'verifiedAt',
      'findings',
      'notes',
    ])
    expect(report).toMatchObject({
      accepted: false,
      check: 'stripe',
      code: 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      status: 401,
      keyId: null,
      verifiedAt: '2026-03-01T09:30:05.000Z',
      findings: [
        {
          code: 'DIAG_BODY_RESERIALISED',
          message: expect.stringContaining('raw bytes') as unknown,
        },
      ],
      notes: [],
    })
  })

  it('finds a Base64 signature where GitHub sends hex (--headers and --body files)', async () => {
    const digest = createHmac('sha256', GITHUB_SECRET).update(compact).digest('base64')
    SECRETS.push(digest)
    const headers = file(
      'gh.headers',
      `X-GitHub-Event: push\nX-Hub-Signature-256: sha256=${digest}\n`,
    )
    const body = file('gh.json', compact)
    const r = await run(
      [
        'verify',
        '--preset',
        'github',
        '--secret-env',
        'GITHUB_SECRET',
        '--headers',
        headers,
        '--body',
        body,
      ],
      env,
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    expect(r.stdout).toContain('DIAG_SIGNATURE_ENCODING')
    expect(r.stdout).toContain('is Base64, but github expects hex')
  })

  it('accepts an octokit-signed GitHub delivery with the secret in a file', async () => {
    const signature = await octokitSign(GITHUB_SECRET, compact)
    SECRETS.push(signature.slice(7))
    const headers = file('gh-ok.headers', JSON.stringify({ 'X-Hub-Signature-256': signature }))
    const secret = file('gh.secret', `${GITHUB_SECRET}\n`)
    const r = await run([
      'verify',
      '--preset',
      'github',
      '--secret-file',
      secret,
      '--headers',
      headers,
      '--body',
      file('gh-ok.json', compact),
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('key          gh.secret')
  })

  it('reports clock skew for an old capture, and accepts it with --now', async () => {
    const capture = stripeCapture('old.http', pretty, pretty, CAPTURED_AT)
    const args = [
      'verify',
      '--preset',
      'stripe',
      '--secret-env',
      'STRIPE_SECRET',
      '--request',
      capture,
    ]
    const late = await run(args, env)
    expect(late.code).toBe(1)
    expect(late.stdout).toContain('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
    expect(late.stdout).toContain('DIAG_TIMESTAMP_SKEW')
    expect(late.stdout).toContain('the tolerance is 300 seconds')
    expect(late.stdout).toContain('DIAG_SIGNATURE_MATCHES')
    const then = await run([...args, '--now', String(seconds(CAPTURED_AT) + 30)], env)
    expect(then.code).toBe(0)
    expect(then.stdout).toContain('signed at    2026-03-01T09:30:00.000Z')
  })

  it('verifies a JSON capture with a Base64 body (standardwebhooks SDK)', async () => {
    const body = Buffer.from([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) // not valid UTF-8
    const at = new Date(CAPTURED_AT)
    const signature = new StandardWebhook(STANDARD_SECRET).sign(
      'msg_cli_1',
      at,
      body.toString('latin1'),
    )
    const capture = file(
      'sw.json',
      JSON.stringify({
        method: 'POST',
        url: 'https://hooks.example.com/in',
        headers: {
          'webhook-id': 'msg_cli_1',
          'webhook-timestamp': String(seconds(CAPTURED_AT)),
          'webhook-signature': signature,
        },
        body: { base64: body.toString('base64') },
      }),
    )
    const r = await run(
      [
        'verify',
        '--preset',
        'standardWebhooks',
        '--secret-env',
        'STANDARD_SECRET',
        '--capture',
        capture,
        '--now',
        String(CAPTURED_AT),
        '--json',
      ],
      env,
    )
    // standardwebhooks signs the payload string as UTF-8: a lone 0xff byte is not what it signed.
    const report = JSON.parse(r.stdout) as { accepted: boolean; findings: { code: string }[] }
    expect(r.code).toBe(1)
    expect(report.accepted).toBe(false)
    const text = file(
      'sw-text.json',
      JSON.stringify({
        headers: {
          'webhook-id': 'msg_cli_2',
          'webhook-timestamp': String(seconds(CAPTURED_AT)),
          'webhook-signature': new StandardWebhook(STANDARD_SECRET).sign('msg_cli_2', at, compact),
        },
        body: compact,
      }),
    )
    const ok = await run(
      [
        'verify',
        '--preset',
        'standardWebhooks',
        '--secret-env',
        'STANDARD_SECRET',
        '--capture',
        text,
        '--now',
        String(CAPTURED_AT),
      ],
      env,
    )
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('delivery     msg_cli_2')
  })

  it('names a retired secret by id, with windows from --options-json {env} references', async () => {
    const capture = stripeCapture('retired.http', pretty, pretty, CAPTURED_AT, OLD_SECRET)
    const options = file(
      'rotation.json',
      JSON.stringify({
        secret: [
          { id: 'current', value: { env: 'STRIPE_SECRET' } },
          { id: 'previous', value: { env: 'OLD_SECRET' }, notAfter: '2026-03-01T00:00:00Z' },
        ],
      }),
    )
    const r = await run(
      [
        'verify',
        '--preset',
        'stripe',
        '--options-json',
        options,
        '--request',
        capture,
        '--now',
        String(CAPTURED_AT),
      ],
      env,
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('DIAG_SECRET_EXPIRED')
    expect(r.stdout).toContain('secret `previous`, which expired at 2026-03-01T00:00:00.000Z')
  })

  it('finds a wrong Basic password in a Solvimon delivery without printing the credentials', async () => {
    const ts = '2026-03-01T09:30:00Z'
    const signature = createHmac('sha256', SOLVIMON_SECRET).update(`${ts}.${compact}`).digest('hex')
    SECRETS.push(signature)
    const capture = file(
      'solvimon.http',
      httpCapture(
        {
          'X-PAYLOAD-SIGNATURE': `v1=${signature}`,
          'X-PAYLOAD-SIGNATURE-TIMESTAMP': ts,
          Authorization: `Basic ${Buffer.from(`${USERNAME}:not-the-password`).toString('base64')}`,
        },
        compact,
      ),
    )
    const options = file(
      'solvimon.json',
      JSON.stringify({
        basicAuth: { username: { env: 'SOLVIMON_USER' }, password: { env: 'SOLVIMON_PASSWORD' } },
      }),
    )
    const r = await run(
      [
        'verify',
        '--preset',
        'solvimon',
        '--secret-env',
        'SOLVIMON_SECRET',
        '--options-json',
        options,
        '--request',
        capture,
        '--now',
        ts,
      ],
      env,
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('ERR_WEBHOOK_CREDENTIALS_INVALID')
    expect(r.stdout).toContain('DIAG_PASSWORD_WRONG')
    expect(r.stdout).not.toContain('not-the-password')
  })

  it('notes a capture whose body disagrees with its Content-Length (an editor added a newline)', async () => {
    const signature = await octokitSign(GITHUB_SECRET, compact)
    const raw = Buffer.concat([
      httpCapture({ 'X-Hub-Signature-256': signature }, compact),
      Buffer.from('\n'),
    ])
    const r = await run(
      [
        'verify',
        '--preset',
        'github',
        '--secret-env',
        'GITHUB_SECRET',
        '--request',
        file('newline.http', raw),
      ],
      env,
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('DIAG_BODY_TRAILING_NEWLINE')
    expect(r.stdout).toContain(
      `Content-Length says ${Buffer.byteLength(compact)} bytes but the capture holds ${Buffer.byteLength(compact) + 1}`,
    )
  })
})
