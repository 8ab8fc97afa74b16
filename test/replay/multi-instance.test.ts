/**
 * Issue 6: two Express instances in separate processes share one Redis. The same delivery sent to
 * both at once runs the handler exactly once; a delivery whose handler fails is processed on retry.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithRedis, startRedisServer, type RedisServer } from '../helpers/redis-server.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/express-instance.mjs', import.meta.url))
const BUILT = [
  'packages/core/dist/index.js',
  'packages/express/dist/index.js',
  'packages/redis/dist/index.js',
]
const SECRET = 'multi-instance-secret'

interface Instance {
  readonly url: string
  readonly child: ChildProcess
}

function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, ...env, NAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
      const line = stdout.split('\n')[0]
      if (stdout.includes('\n') && line) {
        const { port } = JSON.parse(line) as { port: number }
        resolve({ url: `http://127.0.0.1:${port}/hooks`, child })
      }
    })
    child.once('exit', (code) =>
      reject(new Error(`instance ${name} exited with ${code}:\n${stderr}`)),
    )
  })
}

async function post(url: string, body: string): Promise<{ status: number; body: string }> {
  const signature = createHmac('sha256', SECRET).update(body).digest('hex')
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sig': signature },
    body,
  })
  return { status: response.status, body: await response.text() }
}

describeWithRedis('multi-instance replay protection (issue 6)', () => {
  let redis: RedisServer
  let dir: string
  let runsFile: string
  const instances: Instance[] = []
  const runs = (id: string) =>
    readFileSync(runsFile, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`${id} `))

  beforeAll(async () => {
    const missing = BUILT.filter((path) => !existsSync(join(root, path)))
    if (missing.length > 0)
      throw new Error(`build the packages first (pnpm build): missing ${missing.join(', ')}`)
    redis = await startRedisServer()
    dir = mkdtempSync(join(tmpdir(), 'hookwarden-multi-'))
    runsFile = join(dir, 'runs.log')
    writeFileSync(runsFile, '')
    const env = { REDIS_URL: redis.url, SECRET, RUNS_FILE: runsFile }
    instances.push(...(await Promise.all([startInstance('a', env), startInstance('b', env)])))
  })

  afterAll(async () => {
    await Promise.all(
      instances.map(({ child }) => {
        if (child.exitCode !== null) return undefined
        const gone = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        return gone
      }),
    )
    await redis?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('the same delivery sent to both instances at once runs the handler exactly once', async () => {
    const body = JSON.stringify({ id: 'evt_once' })
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(instances[i % 2]!.url, body)),
    )
    expect(runs('evt_once')).toHaveLength(1)
    const processed = answers.filter((a) => a.status === 200 && a.body.includes('"processed"'))
    expect(processed).toHaveLength(1)
    // The others were duplicates: 409 while the first was in flight, 200 {"duplicate":true} after.
    for (const answer of answers.filter((a) => !processed.includes(a))) {
      expect([409, 200]).toContain(answer.status)
      if (answer.status === 200) expect(JSON.parse(answer.body)).toEqual({ duplicate: true })
    }
    // Later copies, at either instance: acknowledged, handler not run again.
    for (const instance of instances) {
      const again = await post(instance.url, body)
      expect(again).toEqual({ status: 200, body: '{"duplicate":true}' })
    }
    expect(runs('evt_once')).toHaveLength(1)
  })

  it('a delivery whose handler fails is processed when the sender retries it at the other instance', async () => {
    const body = JSON.stringify({ id: 'evt_retry', failFirst: true })
    expect((await post(instances[0]!.url, body)).status).toBe(500)
    const retry = await post(instances[1]!.url, body)
    expect(retry.status).toBe(200)
    expect(JSON.parse(retry.body)).toEqual({ processed: 'evt_retry', by: 'b' })
    expect(runs('evt_retry')).toEqual(['evt_retry a', 'evt_retry b'])
    expect(await post(instances[0]!.url, body)).toEqual({ status: 200, body: '{"duplicate":true}' })
    expect(runs('evt_retry')).toHaveLength(2)
  })
})
