import { createHmac, KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { WebhookConfigError } from '../errors.js'
import { createVerifier, hmac } from '../index.js'

const SECRET = 'sig-secret'
const T = 1_700_000_000
const mac = (...parts: string[]) => {
  const h = createHmac('sha256', SECRET)
  for (const p of parts) h.update(p)
  return h.digest('hex')
}

describe('signature check: sources of the signed values', () => {
  it('reads the timestamp through a from() function (e.g. a body field)', async () => {
    const body = `{"ts":${T}}`
    const check = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: SECRET,
      timestamp: { from: (req) => /"ts":(\d+)/.exec(new TextDecoder().decode(req.body))?.[1] },
      content: '{timestamp}{body}',
    })
    const verify = (now: number) =>
      createVerifier(check, { clock: () => now }).verify({
        headers: { 'x-sig': mac(String(T), body) },
        body,
      })
    expect((await verify(T * 1000)).ok).toBe(true)
    const old = await verify((T + 301) * 1000)
    expect(old.ok ? undefined : old.error.code).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })

  it('a from() source that finds nothing gives TIMESTAMP_MISSING', async () => {
    const check = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: SECRET,
      timestamp: { from: () => undefined },
      content: '{timestamp}{body}',
    })
    const result = await createVerifier(check).verify({ headers: { 'x-sig': mac('b') }, body: 'b' })
    expect(result.ok ? undefined : result.error.code).toBe('ERR_WEBHOOK_TIMESTAMP_MISSING')
  })

  it('reads the delivery id from a pair and reports it', async () => {
    const check = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: SECRET,
      format: { pairs: 'v1' },
      id: { param: 'id' },
      content: '{id}.{body}',
    })
    const result = await createVerifier(check).verify({
      headers: { 'x-sig': `id=evt_9,v1=${mac('evt_9.', 'b')}` },
      body: 'b',
    })
    expect(result.ok && result.webhook.id).toBe('evt_9')
    const missing = await createVerifier(check).verify({
      headers: { 'x-sig': `v1=${mac('evt_9.', 'b')}` },
      body: 'b',
    })
    expect(missing.ok ? undefined : missing.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISSING')
  })

  it('signs the method and URL when the template asks for them', async () => {
    const check = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: SECRET,
      content: '{method}{url}{body}',
    })
    const request = {
      method: 'POST',
      url: 'https://x.test/h?a=1',
      headers: { 'x-sig': mac('POSThttps://x.test/h?a=1', 'b') },
      body: 'b',
    }
    expect((await createVerifier(check).verify(request)).ok).toBe(true)
    const other = await createVerifier(check).verify({ ...request, url: 'https://x.test/h?a=2' })
    expect(other.ok ? undefined : other.error.code).toBe('ERR_WEBHOOK_SIGNATURE_MISMATCH')
  })

  it('a template that signs the URL throws WebhookConfigError when the request has none', async () => {
    const check = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: SECRET,
      content: '{url}{body}',
    })
    await expect(
      createVerifier(check).verify({ headers: { 'x-sig': mac('b') }, body: 'b' }),
    ).rejects.toBeInstanceOf(WebhookConfigError)
  })

  it('checks the timestamp before the signature (an old delivery is TOO_OLD even when forged)', async () => {
    const check = hmac({
      header: 'x-sig',
      encoding: 'hex',
      secrets: SECRET,
      format: { pairs: 'v1' },
      timestamp: { param: 't' },
      content: '{timestamp}.{body}',
    })
    const result = await createVerifier(check, { clock: () => (T + 1000) * 1000 }).verify({
      headers: { 'x-sig': `t=${T},v1=${'0'.repeat(64)}` },
      body: 'b',
    })
    expect(result.ok ? undefined : result.error.code).toBe('ERR_WEBHOOK_TIMESTAMP_TOO_OLD')
  })

  it('an empty prefix is the same as none', async () => {
    const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: SECRET, prefix: '' })
    expect(
      (await createVerifier(check).verify({ headers: { 'x-sig': mac('b') }, body: 'b' })).ok,
    ).toBe(true)
  })

  it('does not mutate its options', () => {
    const options = {
      header: 'X-Sig',
      encoding: 'hex',
      secrets: [SECRET],
      format: { pairs: 'v1' },
    } as const
    const copy = structuredClone(options)
    hmac(options)
    expect(options).toEqual(copy)
  })
})

describe('signature check: what it attaches for diagnose and signRequest', () => {
  /** Every value reachable from `root` through properties (functions are not called). */
  function reachable(root: unknown): unknown[] {
    const seen = new Set<unknown>()
    const walk = (value: unknown): void => {
      if (typeof value !== 'object' || value === null || seen.has(value)) return
      seen.add(value)
      if (ArrayBuffer.isView(value)) return
      for (const key of Reflect.ownKeys(value)) walk((value as Record<PropertyKey, unknown>)[key])
    }
    walk(root)
    return [...seen]
  }

  it('holds no key: neither the secret bytes nor an imported key are reachable from it', () => {
    const check = hmac({ header: 'x-sig', encoding: 'hex', secrets: SECRET })
    const attached = (check as unknown as Record<symbol, unknown>)[Symbol.for('hookwarden.inspect')]
    expect(attached).toBeDefined()
    const values = reachable(attached)
    const secret = new TextEncoder().encode(SECRET)
    const sameAsSecret = (v: unknown) =>
      v instanceof Uint8Array && v.length === secret.length && v.every((b, i) => b === secret[i])
    expect(values.filter(sameAsSecret)).toStrictEqual([])
    expect(values.filter((v) => v instanceof KeyObject || v instanceof CryptoKey)).toStrictEqual([])
    // Nor a key entry (`{ key, notBefore, notAfter }`), whatever the crypto seam keeps in `key`.
    const isKeyEntry = (v: unknown) =>
      typeof v === 'object' && v !== null && 'key' in v && 'notBefore' in v && 'notAfter' in v
    expect(values.filter(isKeyEntry)).toStrictEqual([])
  })
})
