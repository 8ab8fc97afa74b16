/**
 * Unbounded cost through key lookups: a JWS names its key with an unsigned-until-verified `kid`,
 * so an attacker can make up one per request. A `KeyResolver` (Plaid's key endpoint) must then be
 * called once per cooldown, not once per request, even when the made-up kids arrive at once.
 */
import { createHash, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, presets, type Jwk } from '@hookwarden/core'
import { signRequest } from '@hookwarden/core/testing'

const body = '{"webhook_type":"ITEM"}'
const claims = (iat: number) =>
  Buffer.from(
    JSON.stringify({ iat, request_body_sha256: createHash('sha256').update(body).digest('hex') }),
  ).toString('base64url')
const token = (kid: string) =>
  `${Buffer.from(JSON.stringify({ alg: 'ES256', kid })).toString('base64url')}.${claims(Math.floor(Date.now() / 1000))}.${'A'.repeat(86)}`

describe('made-up key ids against a KeyResolver', () => {
  it('200 concurrent requests with 200 different made-up kids cost one resolver call', async () => {
    let calls = 0
    const check = presets.plaid({
      keys: async () => {
        calls++
        await new Promise((resolve) => setTimeout(resolve, 20))
        return undefined
      },
    })
    const verifier = createVerifier(check)
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        verifier.verify({ headers: { 'plaid-verification': token(`made-up-${i}`) }, body }),
      ),
    )
    expect(results.every((r) => !r.ok && r.error.code === 'ERR_WEBHOOK_SIGNATURE_MISMATCH')).toBe(
      true,
    )
    expect(calls).toBe(1)
  })

  it('a resolver that fails is not hammered either, and the answer is 503', async () => {
    let calls = 0
    const check = presets.plaid({
      keys: async () => {
        calls++
        throw new Error('key service down')
      },
    })
    const verifier = createVerifier(check)
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        verifier.verify({ headers: { 'plaid-verification': token(`k-${i}`) }, body }),
      ),
    )
    expect(results.every((r) => !r.ok && r.error.code === 'ERR_WEBHOOK_KEY_UNAVAILABLE')).toBe(true)
    expect(calls).toBe(1)
  })

  it('real keys arriving together are all found (looked up one after another)', async () => {
    const pairs = Array.from({ length: 3 }, (_, i) => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      return {
        kid: `real-${i}`,
        publicJwk: { ...pair.publicKey.export({ format: 'jwk' }), kid: `real-${i}` } as Jwk,
        privateJwk: { ...pair.privateKey.export({ format: 'jwk' }), kid: `real-${i}` },
      }
    })
    let calls = 0
    const check = presets.plaid({
      keys: async (kid) => {
        calls++
        await new Promise((resolve) => setTimeout(resolve, 10))
        return pairs.find((p) => p.kid === kid)?.publicJwk
      },
    })
    const verifier = createVerifier(check)
    const signed = await Promise.all(
      pairs.map((p) => signRequest(check, { body, privateKey: p.privateJwk })),
    )
    const results = await Promise.all(
      signed.map((s) => verifier.verify({ headers: s.headers, body })),
    )
    expect(results.map((r) => r.ok)).toEqual([true, true, true])
    expect(calls).toBe(3)
  })
})
