import { describe, expect, it } from 'vitest'
import { WebhookConfigError } from '../errors.js'
import {
  apiKey,
  basicAuth,
  ecdsa,
  ed25519,
  hmac,
  jws,
  memoryReplayStore,
  rotation,
} from '../index.js'
import { nearest } from './options.js'

/** The `WebhookConfigError` `make` throws (fails the test if it throws nothing else). */
function configError(make: () => unknown): WebhookConfigError {
  try {
    make()
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookConfigError)
    expect((error as WebhookConfigError).code).toBe('ERR_WEBHOOK_CONFIG_INVALID')
    return error as WebhookConfigError
  }
  throw new Error('expected a WebhookConfigError')
}

describe('nearest', () => {
  it.each([
    ['tolerence', ['secret', 'tolerance'], 'tolerance'],
    ['secrets', ['secret', 'tolerance'], 'secret'],
    ['signingSecret', ['secret', 'tolerance'], 'secret'],
    ['webhookSecret', ['secret'], 'secret'],
    ['secretKey', ['secret', 'tolerance'], 'secret'],
    ['key', ['publicKey', 'tolerance'], 'publicKey'],
    ['tolerance', ['secret'], undefined],
    ['bogusOption', ['secret', 'tolerance'], undefined],
    ['id', ['ids'], 'ids'],
    ['ab', ['abcdef'], undefined],
  ] as const)('%s among %j is %s', (name, candidates, expected) => {
    expect(nearest(name, candidates)).toBe(expected)
  })
})

describe('core factories reject unknown options', () => {
  const signature = { header: 'x-signature', encoding: 'hex' } as const

  it.each([
    [
      'hmac',
      () => hmac({ ...signature, secret: 'shh' } as never),
      "hmac: unknown option 'secret'; did you mean 'secrets'?",
    ],
    [
      'ecdsa',
      () => ecdsa({ ...signature, key: 'k' } as never),
      "ecdsa: unknown option 'key'; did you mean 'keys'?",
    ],
    [
      'ed25519',
      () => ed25519({ ...signature, keys: 'k', tolerence: 5 } as never),
      "ed25519: unknown option 'tolerence'; did you mean 'tolerance'?",
    ],
    [
      'jws',
      () => jws({ header: 'x-jws', algorithm: 'ES256' } as never),
      "jws: unknown option 'algorithm'; did you mean 'algorithms'?",
    ],
    [
      'basicAuth',
      () => basicAuth({ credential: { username: 'u', password: 'p' } } as never),
      "basicAuth: unknown option 'credential'; did you mean 'credentials'?",
    ],
    [
      'basicAuth credentials',
      () => basicAuth({ credentials: { user: 'u', password: 'p' } } as never),
      "basicAuth credentials: unknown option 'user'; did you mean 'username'?",
    ],
    [
      'apiKey',
      () => apiKey({ header: 'x-api-key', key: 'k' } as never),
      "apiKey: unknown option 'key'; did you mean 'keys'?",
    ],
    [
      'rotation',
      () => rotation({ currrent: 'a', rolledAt: 0, grace: 0 } as never),
      "rotation: unknown option 'currrent'; did you mean 'current'?",
    ],
    [
      'memoryReplayStore',
      () => memoryReplayStore({ maxEntry: 5 } as never),
      "memoryReplayStore: unknown option 'maxEntry'; did you mean 'maxEntries'?",
    ],
    [
      'hmac, nothing close',
      () => hmac({ ...signature, secrets: 's', colour: 'red' } as never),
      "hmac: unknown option 'colour'; valid options: 'header', 'prefix', 'format', 'content', " +
        "'timestamp', 'id', 'tolerance', 'name', 'secrets', 'encoding', 'algorithm', 'secretEncoding'",
    ],
  ])('%s', (_name, make, message) => {
    expect(configError(make).message).toBe(message)
  })

  it.each([
    ['hmac', () => hmac(undefined as never), 'hmac: an options object is required'],
    ['apiKey', () => apiKey('x-api-key' as never), 'apiKey: an options object is required'],
    ['rotation', () => rotation(null as never), 'rotation: an options object is required'],
  ])('%s without an options object', (_name, make, message) => {
    expect(configError(make).message).toBe(message)
  })

  it('rotation requires current', () => {
    expect(configError(() => rotation({ rolledAt: 0, grace: 0 } as never)).message).toBe(
      'rotation: current is required (the secret in use now)',
    )
  })

  it('memoryReplayStore still takes no options', () => {
    expect(() => memoryReplayStore()).not.toThrow()
  })
})

describe('blank secrets, keys and credentials', () => {
  const blanks = ['', ' ', '\t\n', '   ']
  const blankMessage = (what: string) =>
    `${what}: a value is empty or whitespace only (is its environment variable set?)`

  it.each(blanks)('hmac rejects the secret %j', (blank) => {
    const error = configError(() => hmac({ header: 'x-sig', encoding: 'hex', secrets: blank }))
    expect(error.message).toBe(blankMessage('hmac secrets'))
  })

  it.each(blanks)('hmac rejects %j among rotated secrets, as an entry too', (blank) => {
    const error = configError(() =>
      hmac({ header: 'x-sig', encoding: 'hex', secrets: ['live', { value: blank, id: 'old' }] }),
    )
    expect(error.message).toBe(blankMessage('hmac secrets'))
  })

  it.each(blanks)('apiKey rejects the key %j', (blank) => {
    const error = configError(() => apiKey({ header: 'x-api-key', keys: blank }))
    expect(error.message).toBe(blankMessage('apiKey keys'))
  })

  it.each(blanks)('ed25519 rejects the public key %j', (blank) => {
    const error = configError(() => ed25519({ header: 'x-sig', encoding: 'hex', keys: blank }))
    expect(error.message).toBe(blankMessage('ed25519 keys'))
  })

  it.each([
    ['a blank username', { username: ' ', password: 'p' }],
    ['a blank password', { username: 'u', password: '\t' }],
    ['an empty password', { username: 'u', password: '' }],
    ['a credential that is not an object', 'u:p' as never],
  ])('basicAuth rejects %s', (_name, credentials) => {
    expect(configError(() => basicAuth({ credentials })).message).toBe(
      'basicAuth: each credential needs a non-empty username and password',
    )
  })

  it('keeps a secret with surrounding spaces that is not blank (the sender may mean it)', () => {
    expect(() => hmac({ header: 'x-sig', encoding: 'hex', secrets: ' s3cret ' })).not.toThrow()
  })
})
