import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, hmac } from '../index.js'
import { withRequestView } from './request-view.js'

describe('withRequestView', () => {
  const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: 'k' })
  // The first view hides every header; the second shows the request as received.
  const viewed = withRequestView(check, {
    view: (request) => [
      { ...request, header: () => undefined },
      { ...request, header: (name) => request.header(name) },
    ],
  })
  const code = async (headers: Record<string, string>) => {
    const result = await createVerifier(viewed).verify({ headers, body: 'b' })
    return result.ok ? 'accepted' : result.error.code
  }

  it('passes when a later view passes', async () => {
    expect(await code({ 'x-sig': createHmac('sha256', 'k').update('b').digest('hex') })).toBe(
      'accepted',
    )
  })

  it('reports the first view failure when none passes', async () => {
    expect(await code({ 'x-sig': 'zz' })).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('fails with the code a view returns', async () => {
    const refused = withRequestView(check, { view: () => 'ERR_WEBHOOK_SIGNATURE_MALFORMED' })
    const result = await createVerifier(refused).verify({ headers: {}, body: 'b' })
    expect(result.ok ? undefined : result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MALFORMED')
  })
})
