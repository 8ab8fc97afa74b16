import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createVerifier, hmac, presets } from '../index.js'

const hex = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest('hex')

describe('hmac', () => {
  it('accepts the GitHub docs vector (V6)', async () => {
    const verifier = createVerifier(presets.github({ secret: "It's a Secret to Everybody" }))
    const result = await verifier.verify({
      headers: { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
      body: 'Hello, World!',
    })
    expect(result.ok).toBe(true)
  })

  it('rejects a one-byte change of the body', async () => {
    const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: 'secret' })
    const result = await createVerifier(check).verify({
      headers: { 'x-sig': hex('secret', 'data') },
      body: 'datb',
    })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })
})
