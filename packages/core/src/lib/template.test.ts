import { describe, expect, it } from 'vitest'
import { WebhookConfigError } from '../errors.js'
import { compileTemplate, renderTemplate } from './template.js'

const concat = (parts: Uint8Array[]) => Buffer.concat(parts).toString('latin1')

describe('compileTemplate / renderTemplate', () => {
  const body = new Uint8Array([0xff, 0x00, 0x7b])
  const values = {
    timestamp: '1700000000',
    id: 'msg_1',
    method: 'POST',
    url: 'https://x.test/h?a=1',
  }

  it.each<[string, string, string[]]>([
    ['{body}', '', ['body']],
    ['{timestamp}.{body}', '1700000000.', ['timestamp', 'body']],
    ['{timestamp}_{body}', '1700000000_', ['timestamp', 'body']],
    ['v0:{timestamp}:{body}', 'v0:1700000000:', ['timestamp', 'body']],
    ['{id}.{timestamp}.{body}', 'msg_1.1700000000.', ['id', 'timestamp', 'body']],
    [
      '{method}{url}{body}{timestamp}',
      'POSThttps://x.test/h?a=1',
      ['method', 'url', 'body', 'timestamp'],
    ],
  ])('%s', (template, before, uses) => {
    const compiled = compileTemplate(template, 't')
    expect([...compiled.uses].sort()).toEqual(uses.sort())
    const rendered = concat(renderTemplate(compiled, body, values))
    const bodyText = Buffer.from(body).toString('latin1')
    const expected = template
      .replace('{timestamp}', values.timestamp)
      .replace('{id}', values.id)
      .replace('{method}', values.method)
      .replace('{url}', values.url)
      .replace('{body}', bodyText)
    expect(rendered).toBe(expected)
    expect(rendered.startsWith(before)).toBe(true)
  })

  it('keeps the body as the same bytes (no copy, no decoding)', () => {
    const parts = renderTemplate(compileTemplate('{timestamp}.{body}', 't'), body, values)
    expect(parts[parts.length - 1]).toBe(body)
  })

  it('writes non-ASCII literal text and values as UTF-8', () => {
    const parts = renderTemplate(compileTemplate('é{id}{body}', 't'), new Uint8Array(), {
      ...values,
      id: '😀',
    })
    expect(Buffer.concat(parts)).toEqual(Buffer.from('é😀', 'utf8'))
  })

  it.each(['{ts}.{body}', '{Body}', 'static', '{body}{body}', '{timestamp}'])(
    'rejects %j',
    (template) => {
      expect(() => compileTemplate(template, 't')).toThrow(WebhookConfigError)
    },
  )
})
