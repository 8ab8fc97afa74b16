/**
 * The output guards as functions: whole-token redaction, control characters stripped from text
 * that came from outside, and the "did you mean" matcher.
 */
import { describe, expect, it } from 'vitest'
import { scrub } from './output.js'
import { printable } from './printable.js'
import { suggest } from './suggest.js'

describe('scrub (whole-token redaction)', () => {
  it.each([
    [
      'a code containing a username',
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
      ['WEBHOOK'],
      'ERR_WEBHOOK_CREDENTIALS_INVALID',
    ],
    ['a word containing a secret', 'webhooks are verified', ['webhook'], 'webhooks are verified'],
    ['a hyphenated name', 'x-webhook-id: 1', ['webhook'], 'x-webhook-id: 1'],
    ['the secret alone', 'whsec_abc123', ['whsec_abc123'], '[redacted]'],
    ['the secret after =', 'v1=deadbeefcafe,t=1', ['deadbeefcafe'], 'v1=[redacted],t=1'],
    [
      'the secret in quotes',
      '{"secret":"s3cr3t-value"}',
      ['s3cr3t-value'],
      '{"secret":"[redacted]"}',
    ],
    ['the secret after a space', 'Bearer tok_1234 ok', ['tok_1234'], 'Bearer [redacted] ok'],
    ['every occurrence', 'abcd abcd abcdx', ['abcd'], '[redacted] [redacted] abcdx'],
    ['the longer of two nested secrets first', 'abcd-efgh', ['abcd', 'abcd-efgh'], '[redacted]'],
    ['a secret starting with a symbol, glued to a word', 'key+/abc=', ['+/abc='], 'key[redacted]'],
    [
      'a secret right after a colour code',
      '\u001b[1mwhsec_x1\u001b[0m',
      ['whsec_x1'],
      '\u001b[1m[redacted]\u001b[0m',
    ],
  ])('%s', (_name, text, values, expected) => {
    expect(scrub(text, values)).toBe(expected)
  })
})

describe('printable', () => {
  it.each([
    ['CSI colour and cursor moves', 'a\u001b[31mred\u001b[0m\u001b[2J\u001b[1;1Hb', 'aredb'],
    ['an OSC window title (BEL)', 'x\u001b]0;pwned\u0007y', 'xy'],
    ['an OSC 8 hyperlink (ST)', '\u001b]8;;https://evil\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['a two-character escape', 'a\u001bcb', 'ab'],
    ['a lone ESC at the end', 'ab\u001b', 'ab'],
    ['the 8-bit CSI', 'a\u009b31mb', 'ab'],
    ['other C1 controls', 'a\u0085\u008db\u009f', 'ab'],
    ['NUL, BEL, backspace and DEL', 'a\u0000\u0007\u0008\u007fb', 'ab'],
    ['line breaks and tabs, as one space', 'a\r\n\tb\nc', 'a b c'],
    ['bidi overrides', 'evt_\u202egnp.exe', 'evt_gnp.exe'],
    ['plain text, untouched', 'msg_2Nq Zoë 😀 {"a":1}', 'msg_2Nq Zoë 😀 {"a":1}'],
  ])('removes %s', (_name, text, expected) => {
    expect(printable(text)).toBe(expected)
  })
})

describe('suggest', () => {
  it.each([
    ['strype', ['github', 'stripe', 'svix'], 'stripe'],
    ['Stripe', ['github', 'stripe'], 'stripe'],
    ['githb', ['github', 'stripe'], 'github'],
    ['secret-envv', ['secret-env', 'secret-file'], 'secret-env'],
    ['woocommerce', ['wooCommerce', 'zoom'], 'wooCommerce'],
    ['frobnicate', ['github', 'stripe'], undefined],
  ] as const)('%s → %s', (name, known, expected) => {
    expect(suggest(name, known)).toBe(expected)
  })
})
