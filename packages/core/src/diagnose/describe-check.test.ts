/**
 * `describeCheck` reports what a check expects and nothing secret; the table of known signature
 * headers `diagnose` uses stays in sync with the presets' own descriptors.
 */
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  allOf,
  basicAuth,
  describeCheck,
  presets,
  rotation,
  type Check,
  type CheckDescription,
} from '../index.js'
import { KNOWN_SIGNATURE_HEADERS } from './known-headers.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
const ed = generateKeyPairSync('ed25519').publicKey

/** Each preset built with whatever kind of key it takes. */
function build(name: keyof typeof presets): Check {
  const make = presets[name] as (options: object) => Check
  const attempts: object[] = [
    { secret: SECRET },
    { secret: '44782def547aaa06c910c43932b1eb0c71fc68d9d0c057550c48ec2acf6ba056' },
    { environment: 'production' },
    { webhookId: 'WH4J29H3LX1' },
    { publicKey: ec.export({ type: 'spki', format: 'pem' }).toString() },
    { publicKey: ed.export({ type: 'spki', format: 'pem' }).toString() },
    { keys: { ...ec.export({ format: 'jwk' }), kid: 'k1' } },
    { clientState: SECRET },
    { username: 'user', password: 'pass' },
  ]
  for (const options of attempts) {
    try {
      return make(options)
    } catch {
      continue
    }
  }
  throw new Error(`cannot build preset ${name}`)
}

function leaves(d: CheckDescription): CheckDescription[] {
  return d.kind === 'allOf' || d.kind === 'anyOf' ? d.checks.flatMap(leaves) : [d]
}

describe('describeCheck', () => {
  it('describes Stripe: header, layout, template, timestamp, tolerance, encodings', () => {
    expect(describeCheck(presets.stripe({ secret: SECRET }))).toEqual({
      kind: 'signature',
      name: 'stripe',
      algorithm: 'hmac',
      header: 'stripe-signature',
      layout: 't=<timestamp>,v1=<hex>',
      format: { pairs: 'v1' },
      prefix: undefined,
      content: '{timestamp}.{body}',
      timestamp: { source: 'param', name: 't', format: 'unix' },
      id: undefined,
      tolerance: 300,
      encodings: ['hex'],
      keys: [{ id: undefined, notBefore: undefined, notAfter: undefined }],
    })
  })

  it('describes key windows by id and date, never by value', () => {
    const check = presets.github({
      secret: rotation({
        current: 'new-secret-value',
        previous: 'old-secret-value',
        rolledAt: '2026-01-01T00:00:00Z',
        grace: '24h',
      }),
    })
    const description = describeCheck(check)
    expect(description.kind === 'signature' && description.keys).toEqual([
      { id: 'current', notBefore: undefined, notAfter: undefined },
      { id: 'previous', notBefore: undefined, notAfter: '2026-01-02T00:00:00.000Z' },
    ])
    expect(JSON.stringify(description)).not.toMatch(/secret-value/)
  })

  it('describes composed checks, and credentials without their values', () => {
    const check = allOf(
      basicAuth({ credentials: { username: 'u-name', password: 'p-word' } }),
      presets.github({ secret: SECRET }),
    )
    const description = describeCheck(check)
    expect(leaves(description).map((d) => [d.kind, 'header' in d ? d.header : undefined])).toEqual([
      ['basicAuth', 'authorization'],
      ['signature', 'x-hub-signature-256'],
    ])
    expect(JSON.stringify(description)).not.toMatch(/u-name|p-word|MfKQ9r8/)
  })

  it('keeps the name of a preset that rewrites the signed URL (HubSpot)', () => {
    const description = describeCheck(presets.hubspot({ secret: SECRET }))
    expect(description).toMatchObject({
      kind: 'signature',
      name: 'hubspot',
      content: '{method}{url}{body}{timestamp}',
    })
  })

  it('lists every preset signature header in the table diagnose uses, and nothing else', () => {
    const fromPresets = new Map<string, Set<string>>()
    for (const name of Object.keys(presets) as (keyof typeof presets)[]) {
      for (const leaf of leaves(describeCheck(build(name)))) {
        if (leaf.kind !== 'signature' && leaf.kind !== 'apiKey') continue
        if (leaf.kind === 'apiKey' && leaf.header === 'authorization') continue
        const set = fromPresets.get(leaf.header) ?? new Set()
        set.add(name)
        fromPresets.set(leaf.header, set)
      }
    }
    // Plaid's and Netlify's JWS checks are opaque to describeCheck; their headers are listed by hand.
    fromPresets.set('plaid-verification', new Set(['plaid']))
    fromPresets.set('x-webhook-signature', new Set(['netlify']))
    const table = Object.fromEntries(
      Object.entries(KNOWN_SIGNATURE_HEADERS).map(([h, p]) => [h, [...p].sort()]),
    )
    const derived = Object.fromEntries([...fromPresets].map(([h, p]) => [h, [...p].sort()]))
    expect(table).toEqual(derived)
  })
})
