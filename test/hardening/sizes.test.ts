/**
 * Adversarial sizes: each answered with the right code, without throwing, in bounded time (the
 * vitest timeout below is the bound; nothing asserts a duration, the test must simply finish).
 * Also pins the caps the README states, at their exact boundaries.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  basicAuth,
  createVerifier,
  presets,
  type Check,
  type VerifyResult,
  type WebhookRequest,
} from '@hookwarden/core'
import { SCENARIOS, STREAM_BYTES } from '../conformance/scenarios.js'
import { FIXED_MESSAGES } from './support/invariants.js'
import { renderBody, renderHeaders } from './support/model.js'
import { NOW, prepare, subjectSpecs, type Subject } from './support/subjects.js'

const MiB = 1024 * 1024
const TIMEOUT = 60_000
const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

async function verify(
  check: Check,
  request: WebhookRequest,
  maxBodyBytes?: number,
): Promise<string> {
  const verifier = createVerifier(check, {
    clock: () => NOW,
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  })
  const result = await verifier.verify(request)
  if (!result.ok) expect(FIXED_MESSAGES.get(result.error.code)).toBe(result.error.message)
  return code(result)
}

/** The genuine delivery's headers as a plain lowercase record. */
function genuineRequest(
  subject: Subject,
  index = 0,
): { headers: Record<string, string>; body: Uint8Array; method: string; url: string } {
  const state = subject.genuine[index]!.state
  const headers = renderHeaders(state).headers as Record<string, string>
  return {
    headers,
    body: renderBody(state) as Uint8Array,
    method: state.method.text,
    url: state.url.text,
  }
}

const subjects = Promise.all(subjectSpecs().map((spec) => prepare(spec)))
const bySpec = async (name: string) => (await subjects).find((s) => s.name === name)!

/** What a huge value in each kind of header must give. */
function expectedForHuge(kind: string): readonly string[] {
  switch (kind) {
    case 'signature':
    case 'list':
    case 'jws':
      return ['ERR_WEBHOOK_SIGNATURE_MALFORMED']
    case 'credential':
      return ['ERR_WEBHOOK_CREDENTIALS_INVALID']
    case 'timestamp':
      return ['ERR_WEBHOOK_TIMESTAMP_INVALID']
    default:
      // ids and key ids are signed or selected: a huge one cannot match.
      return ['ERR_WEBHOOK_SIGNATURE_MISMATCH', 'ERR_WEBHOOK_SIGNATURE_MALFORMED']
  }
}

describe('a 1 MiB value in every header any check reads', () => {
  for (const spec of subjectSpecs()) {
    it(spec.name, { timeout: TIMEOUT }, async () => {
      const subject = await bySpec(spec.name)
      for (const header of spec.headers) {
        for (const filler of [
          'a'.repeat(MiB),
          `v1=${'0'.repeat(MiB)}`,
          'é'.repeat(MiB / 2),
          ' '.repeat(MiB) + 'x',
        ]) {
          const request = genuineRequest(subject)
          request.headers[header.name] = filler
          const got = await verify(subject.check, request)
          // anyOf with both credentials sent: the other one still passes.
          if (spec.alternatives !== undefined) expect(got).toBe('accepted')
          else expect(expectedForHuge(header.kind), `${header.name}: ${got}`).toContain(got)
        }
      }
    })
  }
})

describe('signature-header caps (README: 8,192 characters, 32 entries, 10 signatures)', () => {
  const secret = 'caps-secret'
  const stripe = presets.stripe({ secret })
  const t = String(Math.floor(NOW / 1000))
  const body = '{"caps":true}'
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  const decoy = createHmac('sha256', 'other').update(body).digest('hex')
  const run = (value: string | string[]) =>
    verify(stripe, { headers: { 'stripe-signature': value }, body })

  it('accepts exactly 8,192 characters and rejects 8,193', async () => {
    const genuine = `t=${t},v1=${v1}`
    expect(await run(genuine.padEnd(8192, ' '))).toBe('accepted')
    expect(await run(genuine.padEnd(8193, ' '))).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })

  it('accepts 32 entries and rejects 33', async () => {
    const params = (n: number) => Array.from({ length: n }, (_, i) => `x${i}=1`)
    expect(await run([`t=${t}`, ...params(30), `v1=${v1}`].join(','))).toBe('accepted')
    expect(await run([`t=${t}`, ...params(31), `v1=${v1}`].join(','))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it('accepts 10 signatures and rejects 11', async () => {
    const signatures = (n: number) => Array.from({ length: n }, () => `v1=${decoy}`)
    expect(await run([`t=${t}`, ...signatures(9), `v1=${v1}`].join(','))).toBe('accepted')
    expect(await run([`t=${t}`, ...signatures(10), `v1=${v1}`].join(','))).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
  })

  it(
    'rejects 100,000 entries, as one value and as 100,000 repeated values',
    { timeout: TIMEOUT },
    async () => {
      const entries = Array.from({ length: 100_000 }, (_, i) => `x${i}=1`)
      expect(await run([`t=${t}`, ...entries, `v1=${v1}`].join(','))).toBe(
        'ERR_WEBHOOK_SIGNATURE_MALFORMED',
      )
      expect(await run([`t=${t},v1=${v1}`, ...entries])).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      const tokens = presets.standardWebhooks({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
      const result = await verify(tokens, {
        headers: {
          'webhook-id': 'msg_1',
          'webhook-timestamp': t,
          'webhook-signature': Array(100_000).fill('v1,AAAA').join(' '),
        },
        body,
      })
      expect(result).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    },
  )
})

describe('10,000 headers', () => {
  const many = (caseOf: (i: number) => string) =>
    Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [caseOf(i), `value-${i}`]))

  it(
    'as a record (lowercase and mixed case) and as Headers: the genuine one passes, a forgery does not',
    { timeout: TIMEOUT },
    async () => {
      const subject = await bySpec('preset stripe')
      const { headers, body } = genuineRequest(subject)
      const flip = (c: string) => (c === '0' ? '1' : '0')
      const forged = {
        ...headers,
        'stripe-signature': headers['stripe-signature']!.replace(
          /v1=(.)/,
          (_m, c: string) => `v1=${flip(c)}`,
        ),
      }
      for (const caseOf of [(i: number) => `x-extra-${i}`, (i: number) => `X-Extra-${i}`]) {
        expect(
          await verify(subject.check, { headers: { ...many(caseOf), ...headers }, body }),
        ).toBe('accepted')
        expect(
          await verify(subject.check, { headers: { ...many(caseOf), ...forged }, body }),
        ).toMatch(/MISMATCH|MALFORMED/)
        const h = new Headers(many(caseOf))
        for (const [name, value] of Object.entries(headers)) h.set(name, value)
        expect(await verify(subject.check, { headers: h, body })).toBe('accepted')
      }
    },
  )

  it('10,000 copies of the signature header are malformed', { timeout: TIMEOUT }, async () => {
    const subject = await bySpec('preset github')
    const { headers, body } = genuineRequest(subject)
    const signature = headers['x-hub-signature-256']!
    const h = new Headers()
    for (let i = 0; i < 10_000; i++) h.append('x-hub-signature-256', signature)
    expect(await verify(subject.check, { headers: h, body })).toBe(
      'ERR_WEBHOOK_SIGNATURE_MALFORMED',
    )
    expect(
      await verify(subject.check, {
        headers: { 'x-hub-signature-256': Array(10_000).fill(signature) },
        body,
      }),
    ).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })
})

describe('deeply nested JSON bodies (100,000 levels)', () => {
  const nested = [
    '['.repeat(100_000),
    '['.repeat(100_000) + ']'.repeat(100_000),
    '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000),
  ]

  for (const spec of subjectSpecs()) {
    it(`${spec.name}: rejected without throwing`, { timeout: TIMEOUT }, async () => {
      const subject = await bySpec(spec.name)
      for (const text of nested) {
        const request = genuineRequest(subject)
        const got = await verify(subject.check, { ...request, body: text })
        if (spec.bodySigned) expect(got).not.toBe('accepted')
        else expect(got).toBe('accepted') // credentials do not bind the body
      }
    })
  }

  it(
    'a genuinely signed nested body verifies (nothing parses it), and Linear, which must, refuses it',
    { timeout: TIMEOUT },
    async () => {
      const body = nested[1]!
      const github = presets.github({ secret: 'nested' })
      const signature = 'sha256=' + createHmac('sha256', 'nested').update(body).digest('hex')
      expect(await verify(github, { headers: { 'x-hub-signature-256': signature }, body })).toBe(
        'accepted',
      )
      const linear = presets.linear({ secret: 'nested' })
      const hex = createHmac('sha256', 'nested').update(body).digest('hex')
      expect(await verify(linear, { headers: { 'linear-signature': hex }, body })).toBe(
        'ERR_WEBHOOK_TIMESTAMP_MISSING',
      )
      const deepObject = nested[2]!
      const hex2 = createHmac('sha256', 'nested').update(deepObject).digest('hex')
      expect(
        await verify(linear, { headers: { 'linear-signature': hex2 }, body: deepObject }),
      ).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
    },
  )
})

describe('1 MiB basic-auth headers', () => {
  const check = basicAuth({ credentials: { username: 'user', password: 'hkc-size-pass-S3cr3t' } })
  it.each([
    ['Base64 of 1 MiB', `Basic ${Buffer.alloc(MiB, 0x61).toString('base64')}`],
    ['1 MiB of spaces, then junk', `Basic${' '.repeat(MiB)}!`],
    ['1 MiB of Base64 letters, then junk', `Basic ${'A'.repeat(MiB)}!`],
    ['1 MiB of padding', `Basic A${'='.repeat(MiB)}`],
    ['1 MiB scheme', `${'B'.repeat(MiB)} dXNlcjpw`],
  ])('%s: CREDENTIALS_INVALID', { timeout: TIMEOUT }, async (_name, authorization) => {
    expect(await verify(check, { headers: { authorization }, body: '' })).toBe(
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    )
  })
})

describe('large bodies', () => {
  it(
    '16 MiB over maxBodyBytes is BODY_TOO_LARGE; a genuine 16 MiB body verifies',
    { timeout: TIMEOUT },
    async () => {
      const body = new Uint8Array(16 * MiB).fill(0x7a)
      const github = presets.github({ secret: 'large' })
      const signature = 'sha256=' + createHmac('sha256', 'large').update(body).digest('hex')
      const request = { headers: { 'x-hub-signature-256': signature }, body }
      expect(await verify(github, request, MiB)).toBe('ERR_WEBHOOK_BODY_TOO_LARGE')
      expect(await verify(github, request)).toBe('accepted')
    },
  )

  it('the adapters answer 413 without buffering: covered by the conformance table', () => {
    // test/conformance runs these rows against Express 4/5, Koa 2/3, fetch and the edge runtimes.
    const tooLarge = SCENARIOS.filter(
      (s) => 'code' in s.expect && s.expect.code === 'ERR_WEBHOOK_BODY_TOO_LARGE',
    )
    expect(tooLarge.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'rejects a signed body one byte over the limit',
        'answers 413 to a 16 MiB stream without Content-Length before reading it all',
      ]),
    )
    expect(STREAM_BYTES).toBeGreaterThanOrEqual(16 * MiB)
  })
})
