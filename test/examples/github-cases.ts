/**
 * The two requests every GitHub example must handle: one signed with node:crypto, one signed with
 * another secret.
 */
import { createHmac } from 'node:crypto'
import { expect, it } from 'vitest'
import { EXAMPLE_SECRET } from './start-example.js'

const body = '{"action":"opened"}'
const sign = (secret: string) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')

export function githubCases(url: () => string): void {
  it('accepts a signed delivery', async () => {
    const headers = { 'x-hub-signature-256': sign(EXAMPLE_SECRET), 'x-github-event': 'issues' }
    const response = await fetch(url(), { method: 'POST', headers, body })
    expect(response.status).toBe(200)
    expect(await response.json()).toStrictEqual({ event: 'issues', action: 'opened' })
  })

  it('rejects a delivery signed with another secret', async () => {
    const response = await fetch(url(), {
      method: 'POST',
      headers: { 'x-hub-signature-256': sign('wrong') },
      body,
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toStrictEqual({ error: 'ERR_WEBHOOK_SIGNATURE_MISMATCH' })
  })
}
