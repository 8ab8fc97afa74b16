import { describe, expect, it } from 'vitest'
import { toKeyEntries } from '../secrets.js'
import { createCredentialMatcher } from './credentials.js'
import { utf8 } from './encoding.js'

describe('createCredentialMatcher', () => {
  const T = Date.UTC(2026, 0, 1)
  const entries = toKeyEntries<string, Uint8Array>(
    [
      { value: 'alpha', id: 'a' },
      { value: 'beta', id: 'b', notAfter: T },
      { value: 'alpha', id: 'dup' },
    ],
    'test',
    utf8,
  )
  const matcher = createCredentialMatcher(entries)

  it.each<[string, string, number, string | undefined]>([
    ['the first entry', 'alpha', 0, 'a'],
    ['an entry inside its window', 'beta', T, 'b'],
    ['an entry after its window', 'beta', T + 1, undefined],
    ['a prefix of an entry', 'alph', 0, undefined],
    ['a longer value', 'alphaa', 0, undefined],
    ['an empty value', '', 0, undefined],
  ])('%s', async (_name, presented, now, id) => {
    expect((await matcher.match(utf8(presented), now))?.id).toBe(id)
  })

  it('compares viewed bytes of a subarray', async () => {
    const big = utf8('xxbetayy')
    expect((await matcher.match(big.subarray(2, 6), 0))?.id).toBe('b')
  })
})
