import { createServer, type IncomingMessage, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebhookError } from '@hookwarden/core'
import { readNodeBody } from './read-body.js'

const options = { limit: 64, timeout: 150, unavailable: 'unavailable' }

let server: Server | undefined
let client: Socket | undefined
afterEach(async () => {
  client?.destroy()
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = client = undefined
})

/** What `readNodeBody` made of the one request that `send` writes on a raw socket. */
async function read(
  send: (socket: Socket) => void,
): Promise<{ body: Buffer } | { code: string | undefined }> {
  const outcome = new Promise<{ body: Buffer } | { code: string | undefined }>((resolve) => {
    server = createServer((req: IncomingMessage, res) => {
      readNodeBody(req, options).then(
        (body) => resolve({ body: Buffer.from(body) }),
        (error: unknown) => resolve({ code: error instanceof WebhookError ? error.code : 'other' }),
      )
      res.on('error', () => {})
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const { port } = server?.address() as AddressInfo
  client = connect(port, '127.0.0.1', () => client && send(client))
  client.on('error', () => {})
  return outcome
}

const head = (headers: string) => `POST /hook HTTP/1.1\r\nHost: localhost\r\n${headers}\r\n`
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('readNodeBody', () => {
  it('returns the exact bytes of a body sent in one piece', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x00, 0xc3, 0x28, 0x7d])
    const result = await read((socket) => {
      socket.write(Buffer.concat([Buffer.from(head('Content-Length: 6\r\n')), bytes]))
    })
    expect(result).toStrictEqual({ body: bytes })
  })

  it('joins a body that arrives in several pieces, byte for byte', async () => {
    const result = await read(async (socket) => {
      socket.write(head('Content-Length: 12\r\n') + 'first')
      await pause(30)
      socket.write('-')
      await pause(30)
      socket.write('second')
    })
    expect(result).toStrictEqual({ body: Buffer.from('first-second') })
  })

  it('reads an empty body', async () => {
    const result = await read((socket) => socket.write(head('Content-Length: 0\r\n')))
    expect(result).toStrictEqual({ body: Buffer.alloc(0) })
  })

  it('answers ERR_WEBHOOK_BODY_TIMEOUT when the declared length never fully arrives', async () => {
    const result = await read((socket) => socket.write(head('Content-Length: 20\r\n') + 'partial'))
    expect(result).toStrictEqual({ code: 'ERR_WEBHOOK_BODY_TIMEOUT' })
  })

  it('answers ERR_WEBHOOK_BODY_TIMEOUT when a chunked body never ends', async () => {
    const result = await read((socket) =>
      socket.write(head('Transfer-Encoding: chunked\r\n') + '4\r\nsome\r\n'),
    )
    expect(result).toStrictEqual({ code: 'ERR_WEBHOOK_BODY_TIMEOUT' })
  })

  it('answers ERR_WEBHOOK_BODY_TIMEOUT when no body byte arrives at all', async () => {
    const result = await read((socket) => socket.write(head('Content-Length: 5\r\n')))
    expect(result).toStrictEqual({ code: 'ERR_WEBHOOK_BODY_TIMEOUT' })
  })

  it('answers ERR_WEBHOOK_BODY_ABORTED when the client hangs up mid-body', async () => {
    const result = await read(async (socket) => {
      socket.write(head('Content-Length: 20\r\n') + 'partial')
      await pause(30)
      socket.destroy()
    })
    expect(result).toStrictEqual({ code: 'ERR_WEBHOOK_BODY_ABORTED' })
  })

  it('answers ERR_WEBHOOK_BODY_TOO_LARGE when a chunked body counts past the limit', async () => {
    const result = await read(async (socket) => {
      socket.write(head('Transfer-Encoding: chunked\r\n') + '40\r\n' + 'a'.repeat(64) + '\r\n')
      await pause(30)
      socket.write('1\r\nb\r\n0\r\n\r\n')
    })
    expect(result).toStrictEqual({ code: 'ERR_WEBHOOK_BODY_TOO_LARGE' })
  })

  it('answers ERR_WEBHOOK_BODY_TOO_LARGE from Content-Length before reading', async () => {
    const result = await read((socket) => socket.write(head('Content-Length: 65\r\n')))
    expect(result).toStrictEqual({ code: 'ERR_WEBHOOK_BODY_TOO_LARGE' })
  })
})
