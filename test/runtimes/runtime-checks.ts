/**
 * Tests every runtime adds to the conformance table: where it runs, which crypto it bundled, and
 * a 16 MiB stream cut off at the limit inside the runtime.
 */
import { expect, it } from 'vitest'
import type { Bundle } from './bundle.js'
import { nodeCryptoMarkers } from './bundle.js'

export function runtimeChecks(
  get: (path: string) => Promise<Response>,
  bundle: () => Bundle,
  runtime: RegExp,
): void {
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
