import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import * as seam from '#crypto'
import { utf8 } from '../lib/encoding.js'

// vitest.config.ts aliases #crypto per project: `node` → node.ts, `web-crypto` → web.ts.
const expected: Record<string, string> = { node: 'node', 'web-crypto': 'web' }

describe('the crypto seam', () => {
  it('is the implementation this test project is meant to cover', ({ task }) => {
    const project = task.file.projectName ?? ''
    expect(Object.keys(expected)).toContain(project)
    expect(seam.implementation).toBe(expected[project])
  })

  it.each(['SHA-256', 'SHA-512', 'SHA-1'] as const)(
    'hmac %s over parts equals node:crypto over the concatenation',
    async (hash) => {
      const key = seam.importHmacKey(utf8('seam-key'), hash)
      const parts = [
        utf8('1700000000'),
        utf8('.'),
        new Uint8Array([0xff, 0, 0x80]),
        new Uint8Array(),
      ]
      const mac = await seam.hmac(key, parts)
      const reference = createHmac(hash.replace('-', '').toLowerCase(), 'seam-key')
        .update(Buffer.concat(parts))
        .digest()
      expect(Buffer.from(mac).equals(reference)).toBe(true)
    },
  )

  it('hmac of subarray views uses only the viewed bytes', async () => {
    const key = seam.importHmacKey(utf8('k'), 'SHA-256')
    const big = utf8('xxbodyyy')
    const mac = await seam.hmac(key, [big.subarray(2, 6)])
    expect(Buffer.from(mac).equals(createHmac('sha256', 'k').update('body').digest())).toBe(true)
  })

  it('a key is independent of later changes to the secret bytes', async () => {
    const secret = utf8('mutable')
    const key = seam.importHmacKey(secret, 'SHA-256')
    secret.fill(0)
    const mac = await seam.hmac(key, [utf8('m')])
    expect(Buffer.from(mac).equals(createHmac('sha256', 'mutable').update('m').digest())).toBe(true)
  })

  it('sha256 equals node:crypto', async () => {
    const data = new Uint8Array([1, 2, 3, 255])
    const digest = await seam.sha256(data)
    expect(Buffer.from(digest).toString('hex')).toBe(
      (await import('node:crypto')).createHash('sha256').update(data).digest('hex'),
    )
  })
})
