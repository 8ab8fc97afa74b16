/**
 * Tests every runtime adds to the conformance table: where it runs, which crypto it bundled, and
 * a 16 MiB stream cut off at the limit inside the runtime.
 */
import { describe, expect, it } from 'vitest'
import { loadVectors, toNow, type HmacVectorInput } from '../vectors/vectors.js'
import type { Bundle } from './bundle.js'
import { nodeCryptoMarkers } from './bundle.js'

const VECTOR_FILES = ['hmac-hex.json', 'hmac-base64.json', 'malformed.json', 'rotation.json']

export function runtimeChecks(
  get: (path: string, init?: RequestInit) => Promise<Response>,
  bundle: () => Bundle,
  runtime: RegExp,
): void {
  // The core's vectors (expected values from node:crypto and published vectors), verified by the
  // Web Crypto side of the seam inside the runtime itself.
  describe.each(VECTOR_FILES)('core vectors %s inside the runtime', (file) => {
    it.each(loadVectors<HmacVectorInput>(file))('$name', async ({ input, expect: expected }) => {
      const row = { ...input, now: toNow(input.now) }
      const response = await get('/__vector', { method: 'POST', body: JSON.stringify(row) })
      const result = (await response.json()) as { ok: boolean; keyId?: string; code?: string }
      if ('code' in expected) expect(result).toStrictEqual({ ok: false, code: expected.code })
      else {
        expect(result.ok).toBe(true)
        // Without an explicit id, keyId is the matching entry's position in the list.
        if (expected.keyId === undefined) expect(result.keyId).toMatch(/^(0|[1-9]\d*)$/)
        else expect(result.keyId).toBe(expected.keyId)
      }
    })
  })

  it(`runs in ${runtime.source}`, async () => {
    const body = (await (await get('/__runtime')).json()) as { runtime: string }
    expect(body.runtime).toMatch(runtime)
  })

  it('bundles the Web Crypto side of the seam (no node:crypto)', () => {
    expect(nodeCryptoMarkers(bundle().code)).toStrictEqual([])
    expect(bundle().code).toContain('crypto.subtle')
  })

  it('stops reading a 16 MiB stream at the 1 MiB limit inside the runtime', async () => {
    const result = (await (await get('/__stream-self')).json()) as Record<string, unknown>
    expect(result).toMatchObject({ status: 413, body: { error: 'ERR_WEBHOOK_BODY_TOO_LARGE' } })
    expect(result['pulled']).toBeLessThan(2 * 1024 * 1024)
  })
}
