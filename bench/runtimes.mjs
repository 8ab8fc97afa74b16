/**
 * `pnpm bench` outside Node's in-process loop: HMAC verification inside workerd (Miniflare), Bun
 * and Deno against each runtime's raw `crypto.subtle.verify`, and cold starts (import the core and
 * build a Stripe verifier) in fresh Node processes and in workerd, against `standardwebhooks`.
 */
import { spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { bundle, scratch } from './bundle.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url))
const CASES = fileURLToPath(new URL('./runtime/loop.mjs', import.meta.url))
const WORKER = fileURLToPath(new URL('./runtime/worker.mjs', import.meta.url))

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function run(command, args, { timeoutMs = 120_000, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    const timer = setTimeout(() => child.kill(), timeoutMs)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(stdout)
      else reject(new Error(`${command} exited with ${code}: ${stderr.slice(0, 500)}`))
    })
  })
}

/** Per size: `{ raw, hookwarden, ratio }` (ops/s medians, paired median ratio). */
function summarise(rates) {
  const out = {}
  for (const key of Object.keys(rates)) {
    const [size, name] = key.split(' ')
    ;(out[size] ??= {})[name] = rates[key]
  }
  for (const size of Object.keys(out)) {
    const { raw, hookwarden } = out[size]
    out[size] = {
      raw: median(raw),
      hookwarden: median(hookwarden),
      ratio: median(hookwarden.map((h, i) => h / raw[i])),
    }
  }
  return out
}

/** workerd: Node times requests that each run `n` verifications of one case inside the worker. */
async function workerdBench(file, { rounds, n }) {
  const { Miniflare } = await import('miniflare')
  const { readFileSync } = await import('node:fs')
  const mf = new Miniflare({
    modules: true,
    script: readFileSync(file, 'utf8'),
    compatibilityDate: '2025-01-01',
  })
  try {
    const names = ['256 raw', '256 hookwarden', '4096 raw', '4096 hookwarden']
    const call = async (key, count) => {
      const [size, name] = key.split(' ')
      const res = await mf.dispatchFetch(`http://bench/?size=${size}&case=${name}&n=${count}`)
      const failed = Number(await res.text())
      if (failed !== 0) throw new Error(`workerd: ${failed} failed verifications`)
    }
    for (const key of names) await call(key, n) // warm-up
    const rates = Object.fromEntries(names.map((k) => [k, []]))
    for (let round = 0; round < rounds; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length])
      if (round % 2 === 1) order.reverse()
      for (const key of order) {
        const start = performance.now()
        await call(key, n)
        rates[key].push(n / ((performance.now() - start) / 1000))
      }
    }
    return rates
  } finally {
    await mf.dispose()
  }
}

/** HMAC in workerd, Bun and Deno; a runtime that fails is reported with its reason. */
export async function runtimeBench({ quick = false } = {}) {
  const { dir, dispose } = scratch()
  const results = {}
  try {
    const sliceMs = quick ? 60 : 150
    const rounds = quick ? 3 : 7
    for (const [runtime, conditions] of [
      ['workerd', ['workerd', 'worker', 'browser']],
      ['bun', ['bun', 'worker', 'browser']],
      ['deno', ['deno', 'worker', 'browser']],
    ]) {
      try {
        if (runtime === 'workerd') {
          const file = await bundle(
            dir,
            'worker',
            `export { default } from ${JSON.stringify(WORKER)}`,
            conditions,
          )
          results.workerd = summarise(await workerdBench(file, { rounds, n: quick ? 500 : 2000 }))
        } else {
          const file = await bundle(dir, runtime, `import ${JSON.stringify(CASES)}`, conditions)
          const args = runtime === 'bun' ? [file] : ['run', '--quiet', '--no-prompt', file]
          const out = await run(bin(runtime), [...args, String(sliceMs), String(rounds)])
          const { rates, failed } = JSON.parse(out.trim().split('\n').pop())
          if (failed !== 0) throw new Error(`${failed} failed verifications`)
          results[runtime] = summarise(rates)
        }
      } catch (error) {
        results[runtime] = { skipped: String(error.message ?? error).split('\n')[0] }
      }
    }
  } finally {
    dispose()
  }
  return results
}

const STRIPE_SECRET = 'whsec_bench_stripe_secret'
const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const CORE = new URL('../packages/core/dist/index.js', import.meta.url).href

/** Module text that times its own import + setup in a fresh Node process (ms on stdout). */
const NODE_COLD = {
  hookwarden: `const t = performance.now()
const { createVerifier, presets } = await import(${JSON.stringify(CORE)})
const v = createVerifier(presets.stripe({ secret: ${JSON.stringify(STRIPE_SECRET)} }))
console.log(performance.now() - t, typeof v.verify)`,
  standardwebhooks: `const t = performance.now()
const { Webhook } = await import('standardwebhooks')
const w = new Webhook(${JSON.stringify(SW_SECRET)})
console.log(performance.now() - t, typeof w.verify)`,
  stripe: `const t = performance.now()
const { default: Stripe } = await import('stripe')
const s = Stripe.webhooks
console.log(performance.now() - t, typeof s.constructEvent)`,
}

/** Median ms per library over `n` fresh processes each, alternating. */
export async function coldStart({ quick = false } = {}) {
  const n = quick ? 5 : 15
  const node = Object.fromEntries(
    Object.keys(NODE_COLD).map((k) => [k, { import: [], process: [] }]),
  )
  for (let i = 0; i < n; i++) {
    for (const [name, code] of Object.entries(NODE_COLD)) {
      const start = performance.now()
      const out = await run(process.execPath, ['--input-type=module', '-e', code], {
        env: { NODE_OPTIONS: '' },
      })
      node[name].process.push(performance.now() - start)
      node[name].import.push(Number(out.split(' ')[0]))
    }
  }
  const result = { n, node: {} }
  for (const [name, t] of Object.entries(node))
    result.node[name] = { importMs: median(t.import), processMs: median(t.process) }
  result.workerd = await workerdColdStart(quick ? 3 : 5)
  return result
}

const WORKERD_COLD = {
  empty: `export default { fetch: () => new Response('ok') }`,
  // The one-preset import the README recommends for workers (not `presets`, which carries all 64).
  hookwarden: `import { createVerifier } from '@hookwarden/core'
import { stripe } from '@hookwarden/core/presets'
const v = createVerifier(stripe({ secret: ${JSON.stringify(STRIPE_SECRET)} }))
export default { fetch: () => new Response(typeof v.verify) }`,
  standardwebhooks: `import { Webhook } from 'standardwebhooks'
const w = new Webhook(${JSON.stringify(SW_SECRET)})
export default { fetch: () => new Response(typeof w.verify) }`,
}

/**
 * workerd's clock stands still while a script evaluates, so this times from outside: a new
 * Miniflare instance up to its first response, minus the same for an empty worker. The runtime's
 * own start-up (hundreds of ms) dwarfs the difference: read it together with the bundle size.
 */
async function workerdColdStart(n) {
  const { Miniflare } = await import('miniflare')
  const { readFileSync } = await import('node:fs')
  const { dir, dispose } = scratch()
  try {
    const scripts = {}
    const bytes = {}
    for (const [name, code] of Object.entries(WORKERD_COLD)) {
      const file = await bundle(dir, `cold-${name}`, code, ['workerd', 'worker', 'browser'])
      scripts[name] = readFileSync(file, 'utf8')
      bytes[name] = statSync(file).size
    }
    const times = Object.fromEntries(Object.keys(scripts).map((k) => [k, []]))
    for (let i = 0; i < n; i++) {
      for (const [name, script] of Object.entries(scripts)) {
        const start = performance.now()
        const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-01-01' })
        await (await mf.dispatchFetch('http://bench/')).text()
        times[name].push(performance.now() - start)
        await mf.dispose()
      }
    }
    const empty = median(times.empty)
    const out = { n, emptyMs: empty }
    for (const name of ['hookwarden', 'standardwebhooks'])
      out[name] = { overEmptyMs: median(times[name]) - empty, bundleBytes: bytes[name] }
    return out
  } catch (error) {
    return { skipped: String(error.message ?? error).split('\n')[0] }
  } finally {
    dispose()
  }
}

export { root }
