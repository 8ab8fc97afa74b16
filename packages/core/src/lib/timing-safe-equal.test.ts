import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { timingSafeEqual } from './timing-safe-equal.js'

const u8 = (...v: number[]) => new Uint8Array(v)

describe('timingSafeEqual', () => {
  it.each<[string, Uint8Array, Uint8Array, boolean]>([
    ['two empty arrays', u8(), u8(), true],
    ['equal bytes', u8(1, 2, 3), u8(1, 2, 3), true],
    ['last byte differs', u8(1, 2, 3), u8(1, 2, 4), false],
    ['first byte differs', u8(0, 2, 3), u8(1, 2, 3), false],
    ['a prefix', u8(1, 2), u8(1, 2, 3), false],
    ['empty against non-empty', u8(), u8(0), false],
    ['high bit only', u8(0x80), u8(0), false],
  ])('%s', (_name, a, b, expected) => {
    expect(timingSafeEqual(a, b)).toBe(expected)
    expect(timingSafeEqual(b, a)).toBe(expected)
  })

  it('agrees with byte equality', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), fc.uint8Array({ maxLength: 48 }), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)))
      }),
    )
  })

  it('agrees with byte equality on near-equal inputs (one byte changed)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 48 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (a, at, value) => {
          const b = a.slice()
          b[at % a.length] = value
          expect(timingSafeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)))
        },
      ),
    )
  })

  it('compares the viewed bytes of subarrays, not their underlying buffers', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 32 }),
        fc.uint8Array({ maxLength: 16 }),
        fc.uint8Array({ maxLength: 16 }),
        fc.uint8Array({ maxLength: 16 }),
        (middle, before, after, other) => {
          // The same bytes at a non-zero byteOffset inside different surroundings.
          const big = new Uint8Array([...before, ...middle, ...after])
          const view = big.subarray(before.length, before.length + middle.length)
          const otherBig = new Uint8Array([...other, ...middle])
          const otherView = otherBig.subarray(other.length)
          expect(timingSafeEqual(view, otherView)).toBe(true)
          expect(timingSafeEqual(view, middle)).toBe(true)
          // A Buffer slice of a pooled allocation has a non-zero byteOffset too.
          const pooled = Buffer.from(middle)
          expect(timingSafeEqual(pooled, view)).toBe(true)
          const wider = big.subarray(0, before.length + middle.length)
          expect(timingSafeEqual(wider, middle)).toBe(
            Buffer.from(wider).equals(Buffer.from(middle)),
          )
        },
      ),
    )
  })
})
