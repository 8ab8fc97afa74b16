import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decode,
  decodeBase64,
  decodeBase64Url,
  decodeHex,
  decodeHexConstant,
  decodeUtf8,
  encode,
  encodeBase64,
  encodeBase64Url,
  encodeHex,
  utf8,
} from './encoding.js'

const bytes = (...values: number[]) => new Uint8Array(values)

describe('decodeHex', () => {
  it.each<[string, string, Uint8Array | undefined]>([
    ['empty', '', bytes()],
    ['lower case', '00ff7f', bytes(0, 255, 127)],
    ['upper case', '00FF7F', bytes(0, 255, 127)],
    ['mixed case', 'aBcD', bytes(0xab, 0xcd)],
    ['odd length', 'abc', undefined],
    ['a single digit', 'a', undefined],
    ['junk letter', '0g', undefined],
    ['a space', '0 ', undefined],
    ['a 0x prefix', '0x00', undefined],
    ['a sign', '-1', undefined],
    ['non-ASCII digit', '\u0661\u0662', undefined],
    ['a character whose low byte is a hex digit', '\u0130\u0131', undefined],
  ])('%s', (_name, text, expected) => {
    expect(decodeHex(text)).toEqual(expected)
  })

  it('decodeHex(encodeHex(x)) equals x, and encodeHex matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), (x) => {
        const text = encodeHex(x)
        expect(text).toBe(Buffer.from(x).toString('hex'))
        expect(decodeHex(text)).toEqual(x)
        expect(decodeHex(text.toUpperCase())).toEqual(x)
      }),
    )
  })

  it('whatever it accepts is canonical up to case', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-Fg ]{0,12}$/), (text) => {
        const decoded = decodeHex(text)
        const valid = /^([0-9a-fA-F]{2})*$/.test(text)
        expect(decoded !== undefined).toBe(valid)
        if (decoded) expect(encodeHex(decoded)).toBe(text.toLowerCase())
      }),
    )
  })
})

describe('decodeHexConstant (built-in literals)', () => {
  it('decodes a valid literal', () => {
    expect(decodeHexConstant('300d06')).toEqual(bytes(0x30, 0x0d, 0x06))
  })

  it('throws a clear Error for a literal that is not hex, rather than returning undefined', () => {
    expect(() => decodeHexConstant('30x')).toThrow(
      new Error('hookwarden: built-in constant "30x" is not hex'),
    )
  })
})

describe('decodeBase64 (standard, padding required)', () => {
  it.each<[string, string, Uint8Array | undefined]>([
    ['empty', '', bytes()],
    ['one byte', 'QQ==', bytes(65)],
    ['two bytes', 'QUI=', bytes(65, 66)],
    ['three bytes', 'QUJD', bytes(65, 66, 67)],
    ['+ and /', '+/8=', bytes(0xfb, 0xff)],
    ['padding missing', 'QQ', undefined],
    ['one padding character missing', 'QQ=', undefined],
    ['padding too long', 'QQ===', undefined],
    ['padding on a full quantum', 'QUJD=', undefined],
    ['padding alone', '==', undefined],
    ['padding in the middle', 'QQ==QQ==', undefined],
    ['non-zero trailing bits (one byte)', 'QR==', undefined],
    ['non-zero trailing bits (two bytes)', 'QUJ=', undefined],
    ['a lone sextet', 'Q', undefined],
    ['five characters', 'QUJDR', undefined],
    ['URL-safe -', '-_8=', undefined],
    ['whitespace', 'QU JD', undefined],
    ['a newline', 'QUJD\n', undefined],
    ['non-ASCII', 'QUJ\u00c4', undefined],
  ])('%s', (_name, text, expected) => {
    expect(decodeBase64(text)).toEqual(expected)
  })

  it('round-trips and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), (x) => {
        const text = encodeBase64(x)
        expect(text).toBe(Buffer.from(x).toString('base64'))
        expect(decodeBase64(text)).toEqual(x)
      }),
    )
  })

  it('rejects every non-canonical encoding that lenient decoders accept', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((x) => x.length % 3 !== 0),
        fc.integer({ min: 1, max: 15 }),
        (x, noise) => {
          const text = Buffer.from(x).toString('base64')
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
          const padding = x.length % 3 === 1 ? 2 : 1
          const at = text.length - padding - 1
          const unused = x.length % 3 === 1 ? 15 : 3
          const changed = alphabet[alphabet.indexOf(text[at]!) | (noise & unused)]!
          fc.pre(changed !== text[at])
          const variant = text.slice(0, at) + changed + text.slice(at + 1)
          // Node's decoder ignores the trailing bits: same bytes, different text.
          expect(Buffer.from(variant, 'base64')).toEqual(Buffer.from(x))
          expect(decodeBase64(variant)).toBeUndefined()
        },
      ),
    )
  })

  it('is injective: whatever it accepts re-encodes to the same text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+/]{0,10}={0,3}$/), (text) => {
        const decoded = decodeBase64(text)
        if (decoded) expect(encodeBase64(decoded)).toBe(text)
        else expect(Buffer.from(text, 'base64').toString('base64')).not.toBe(text)
      }),
      { numRuns: 500 },
    )
  })
})

describe('decodeBase64Url (URL-safe, padding optional)', () => {
  it.each<[string, string, Uint8Array | undefined]>([
    ['empty', '', bytes()],
    ['unpadded', 'QQ', bytes(65)],
    ['padded', 'QQ==', bytes(65)],
    ['- and _', '-_8', bytes(0xfb, 0xff)],
    ['standard +', '+_8', undefined],
    ['standard /', '-/8', undefined],
    ['partial padding', 'QQ=', undefined],
    ['non-zero trailing bits', 'QR', undefined],
    ['a lone sextet', 'Q', undefined],
  ])('%s', (_name, text, expected) => {
    expect(decodeBase64Url(text)).toEqual(expected)
  })

  it('round-trips and matches Buffer base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), (x) => {
        const text = encodeBase64Url(x)
        expect(text).toBe(Buffer.from(x).toString('base64url'))
        expect(decodeBase64Url(text)).toEqual(x)
        expect(
          decodeBase64Url(
            Buffer.from(x).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
          ),
        ).toEqual(x)
      }),
    )
  })

  it('is injective up to padding', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{0,10}={0,2}$/), (text) => {
        const decoded = decodeBase64Url(text)
        if (decoded) expect(encodeBase64Url(decoded)).toBe(text.replace(/=+$/, ''))
      }),
      { numRuns: 500 },
    )
  })
})

describe('encode / decode by name', () => {
  it.each(['hex', 'base64', 'base64url'] as const)('%s round-trips', (encoding) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (x) => {
        expect(decode(encode(x, encoding), encoding)).toEqual(x)
      }),
    )
  })
})

describe('UTF-8', () => {
  it('encodes text as UTF-8', () => {
    expect(utf8('é😀')).toEqual(new Uint8Array(Buffer.from('é😀', 'utf8')))
  })

  it('encodes any string, short or long, exactly as TextEncoder does (lone surrogates too)', () => {
    const encoder = new TextEncoder()
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 80, unit: 'binary' }), fc.string({ maxLength: 80 })),
        (text) => {
          expect(utf8(text)).toEqual(encoder.encode(text))
        },
      ),
      { numRuns: 300 },
    )
    for (const text of [
      'a'.repeat(64),
      'a'.repeat(63) + 'é',
      'a'.repeat(65),
      '\u007f',
      '\u0080',
      '\ud800',
    ]) {
      expect(utf8(text)).toEqual(encoder.encode(text))
    }
  })

  it.each<[string, number[], string | undefined]>([
    ['ASCII', [0x61, 0x62], 'ab'],
    ['a BOM is kept', [0xef, 0xbb, 0xbf, 0x61], '\ufeffa'],
    ['a lone continuation byte', [0x80], undefined],
    ['0xff', [0xff], undefined],
    ['a truncated sequence', [0xc3], undefined],
    ['an overlong encoding', [0xc0, 0xaf], undefined],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], undefined],
  ])('decodeUtf8: %s', (_name, input, expected) => {
    expect(decodeUtf8(new Uint8Array(input))).toBe(expected)
  })
})
