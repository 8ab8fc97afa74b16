import { describe, expect, it } from 'vitest'
import {
  MAX_ENTRIES,
  MAX_HEADER_LENGTH,
  MAX_SIGNATURES,
  parseSignatureHeader,
  type SignatureFormat,
} from './signature-header.js'
import { trimOws } from './encoding.js'

const pairs: SignatureFormat = { pairs: 'v1' }
const tokens: SignatureFormat = { tokens: 'v1' }

describe('parseSignatureHeader', () => {
  it('has the documented caps', () => {
    expect([MAX_HEADER_LENGTH, MAX_ENTRIES, MAX_SIGNATURES]).toEqual([8192, 32, 10])
  })

  it.each<
    [
      string,
      string,
      SignatureFormat,
      string | undefined,
      { signatures: string[]; params?: Record<string, string> } | undefined,
    ]
  >([
    ['a bare value', 'abc', 'value', undefined, { signatures: ['abc'] }],
    ['a value with its prefix', 'sha256=abc', 'value', 'sha256=', { signatures: ['abc'] }],
    ['a value without its prefix', 'abc', 'value', 'sha256=', undefined],
    ['a prefix alone', 'sha256=', 'value', 'sha256=', undefined],
    ['a prefix in another case', 'SHA256=abc', 'value', 'sha256=', undefined],
    ['an empty value', '', 'value', undefined, undefined],
    ['whitespace only', '   ', 'value', undefined, undefined],
    ['a trimmed value', ' abc ', 'value', undefined, { signatures: ['abc'] }],
    [
      'Stripe pairs',
      't=1,v1=a,v1=b,v0=c',
      pairs,
      undefined,
      { signatures: ['a', 'b'], params: { t: '1', v0: 'c' } },
    ],
    [
      'pairs with spaces around entries',
      't=1, v1=a',
      pairs,
      undefined,
      { signatures: ['a'], params: { t: '1' } },
    ],
    [
      'a value containing =',
      't=1,v1=a=',
      pairs,
      undefined,
      { signatures: ['a='], params: { t: '1' } },
    ],
    ['duplicate t', 't=1,t=1,v1=a', pairs, undefined, undefined],
    ['no signature of the wanted version', 't=1,v0=a', pairs, undefined, undefined],
    ['an entry without =', 't=1,v1=a,x', pairs, undefined, undefined],
    ['an empty key', '=1,v1=a', pairs, undefined, undefined],
    ['an invalid key', 't.x=1,v1=a', pairs, undefined, undefined],
    ['an empty signature', 'v1=', pairs, undefined, undefined],
    [
      'several separators',
      't=1;v1=a,v1=b',
      { pairs: 'v1', separator: ';,' },
      undefined,
      { signatures: ['a', 'b'], params: { t: '1' } },
    ],
    ['Standard Webhooks tokens', 'v1,a v1a,b v1,c', tokens, undefined, { signatures: ['a', 'c'] }],
    ['tokens with repeated spaces', ' v1,a   v1,c ', tokens, undefined, { signatures: ['a', 'c'] }],
    ['a token without a comma', 'v1,a v1', tokens, undefined, undefined],
    ['only other versions', 'v1a,a', tokens, undefined, undefined],
  ])('%s', (_name, value, format, prefix, expected) => {
    const parsed = parseSignatureHeader(value, format, prefix)
    if (expected === undefined) {
      expect(parsed).toBeUndefined()
    } else {
      expect(parsed?.signatures).toEqual(expected.signatures)
      expect(Object.fromEntries(parsed?.params ?? [])).toEqual(expected.params ?? {})
    }
  })

  it('takes at most 10 signatures', () => {
    const sigs = (n: number) => Array.from({ length: n }, (_, i) => `v1=s${i}`).join(',')
    expect(parseSignatureHeader(sigs(10), pairs, undefined)?.signatures).toHaveLength(10)
    expect(parseSignatureHeader(sigs(11), pairs, undefined)).toBeUndefined()
    const toks = (n: number) => Array.from({ length: n }, (_, i) => `v1,s${i}`).join(' ')
    expect(parseSignatureHeader(toks(10), tokens, undefined)?.signatures).toHaveLength(10)
    expect(parseSignatureHeader(toks(11), tokens, undefined)).toBeUndefined()
  })

  it('takes at most 32 entries, whatever their kind', () => {
    const entries = (n: number) =>
      ['v1=a', ...Array.from({ length: n - 1 }, (_, i) => `p${i}=1`)].join(',')
    expect(parseSignatureHeader(entries(32), pairs, undefined)).toBeDefined()
    expect(parseSignatureHeader(entries(33), pairs, undefined)).toBeUndefined()
    const toks = (n: number) => ['v1,a', ...Array.from({ length: n - 1 }, () => 'v1a,b')].join(' ')
    expect(parseSignatureHeader(toks(32), tokens, undefined)).toBeDefined()
    expect(parseSignatureHeader(toks(33), tokens, undefined)).toBeUndefined()
  })

  it('rejects a header longer than 8192 characters before splitting it', () => {
    const at = (n: number) => 'v1=' + 'a'.repeat(n - 3)
    expect(parseSignatureHeader(at(8192), pairs, undefined)?.signatures[0]).toHaveLength(8189)
    expect(parseSignatureHeader(at(8193), pairs, undefined)).toBeUndefined()
    expect(parseSignatureHeader('a' + ' '.repeat(8192), 'value', undefined)).toBeUndefined()
  })
})

describe('whitespace', () => {
  it('strips only HTTP optional whitespace (SP, HTAB) around values and entries', () => {
    expect(
      parseSignatureHeader(' \tt=1, v1=ab\t ', { pairs: 'v1' }, undefined)?.signatures,
    ).toEqual(['ab'])
    expect(trimOws('\t a b \t')).toBe('a b')
  })

  it('keeps Unicode spaces, so a padded signature stays malformed downstream', () => {
    expect(trimOws('\u00a0abc\u2028')).toBe('\u00a0abc\u2028')
    expect(parseSignatureHeader('v1=ab\u00a0', { pairs: 'v1' }, undefined)?.signatures).toEqual([
      'ab\u00a0',
    ])
  })
})
