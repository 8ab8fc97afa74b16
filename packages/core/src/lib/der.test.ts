import { generateKeyPairSync, sign } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { derToP1363, p1363ToDer, parseDerSignature } from './der.js'

const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'))
const toHex = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('hex')
const r32 = '11'.repeat(32)
const s32 = '22'.repeat(32)

describe('parseDerSignature', () => {
  it.each([
    ['minimal one-byte integers', '3006 020101 020102', '01', '02'],
    ['32-byte integers', `3044 0220${r32} 0220${s32}`, r32, s32],
    [
      'a high-bit r with its 0x00 sign byte',
      `3045 022100${'80'.repeat(32)} 0220${s32}`,
      '80'.repeat(32),
      s32,
    ],
    [
      'a short r (leading zeros dropped by the signer)',
      `3043 021f${'11'.repeat(31)} 0220${s32}`,
      '11'.repeat(31),
      s32,
    ],
    [
      'the long length form past 127 bytes (P-521)',
      `308188 0242${'01'.repeat(66)} 0242${'01'.repeat(66)}`,
      '01'.repeat(66),
      '01'.repeat(66),
    ],
  ])('reads %s', (_name, der, r, s) => {
    const parsed = parseDerSignature(hex(der))
    expect(toHex(parsed?.r)).toBe(r)
    expect(toHex(parsed?.s)).toBe(s)
  })

  it.each([
    ['an empty input', ''],
    ['a wrong outer tag', '3106 020101 020102'],
    ['a wrong integer tag', '3006 030101 020102'],
    ['a trailing byte', '3006 020101 020102 00'],
    ['a truncated value', '3006 020101 0201'],
    ['an outer length that overruns', '3007 020101 020102'],
    ['an outer length that stops short', '3005 020101 020102'],
    ['a non-minimal long length', '308106 020101 020102'],
    ['a two-byte length', '32820006 020101 020102'],
    ['an indefinite length', '3080 020101 020102 0000'],
    ['a zero-length integer', '3005 0200 020102'],
    ['a negative integer', '3006 020181 020102'],
    ['a redundant leading zero', '3007 02020001 020102'],
    ['a lone zero byte as r', '3006 020100 020102'],
    ['a third integer', '3009 020101 020102 020103'],
    ['an integer longer than the short form', `3081 87 028181${'01'.repeat(129)} 020102`],
  ])('rejects %s', (_name, der) => {
    expect(parseDerSignature(hex(der))).toBeUndefined()
  })
})

describe('derToP1363', () => {
  it('left-pads short values to the curve width', () => {
    expect(toHex(derToP1363(hex('3006 020101 020102'), 32))).toBe(
      '00'.repeat(31) + '01' + '00'.repeat(31) + '02',
    )
  })

  it('drops the sign byte', () => {
    const p1363 = derToP1363(hex(`3045 022100${'80'.repeat(32)} 0220${s32}`), 32)
    expect(toHex(p1363)).toBe('80'.repeat(32) + s32)
  })

  it('refuses a value wider than the curve', () => {
    expect(derToP1363(hex(`3045 022100${'80'.repeat(32)} 0220${s32}`), 31)).toBeUndefined()
    expect(derToP1363(hex('3006 020101 020102 00'), 32)).toBeUndefined()
  })

  it.each([
    ['P-256', 'sha256', 32],
    ['P-384', 'sha384', 48],
    ['P-521', 'sha512', 66],
  ] as const)('agrees with node:crypto on %s', (curve, hash, size) => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve })
    for (let i = 0; i < 20; i++) {
      const data = Buffer.from(`message ${i}`)
      // Two signatures of one message differ (random k), so convert one made in each format.
      const der = sign(hash, data, { key: privateKey, dsaEncoding: 'der' })
      const p1363 = derToP1363(der, size)!
      expect(p1363).toHaveLength(2 * size)
      expect(toHex(p1363ToDer(p1363))).toBe(der.toString('hex'))
    }
  })
})

describe('p1363ToDer', () => {
  it.each([
    ['small values', '00'.repeat(31) + '01' + '00'.repeat(31) + '02', '3006020101020102'],
    [
      'high-bit values get a sign byte',
      '80'.repeat(32) + s32,
      `3045022100${'80'.repeat(32)}0220${s32}`,
    ],
  ])('encodes %s', (_name, p1363, der) => {
    expect(toHex(p1363ToDer(hex(p1363)))).toBe(der)
  })

  it.each([
    ['an empty input', ''],
    ['an odd length', '01'.repeat(63)],
    ['a zero r', '00'.repeat(32) + s32],
    ['a zero s', r32 + '00'.repeat(32)],
    ['a length past P-521', '01'.repeat(134)],
  ])('rejects %s', (_name, p1363) => {
    expect(p1363ToDer(hex(p1363))).toBeUndefined()
  })

  it('round-trips any non-zero r and s', () => {
    const half = fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .filter((b) => b.some((x) => x !== 0))
    fc.assert(
      fc.property(half, half, (r, s) => {
        const p1363 = new Uint8Array([...r, ...s])
        const der = p1363ToDer(p1363)!
        expect(parseDerSignature(der)).toBeDefined()
        expect(toHex(derToP1363(der, 32))).toBe(toHex(p1363))
      }),
    )
  })
})
