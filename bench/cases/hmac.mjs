/**
 * HMAC-SHA256 cases: hookwarden (built dist) against raw node:crypto and the senders' own SDKs,
 * on the same body and with headers built by node:crypto.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto'
import { verify as octokitVerify } from '@octokit/webhooks-methods'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { createVerifier, hmac, presets } from '../../packages/core/dist/index.js'
import { jsonBody } from '../lib.mjs'

const GITHUB_SECRET = 'bench-github-secret'
const STRIPE_SECRET = 'whsec_bench_stripe_secret'
const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

const must = (ok, what) => {
  if (!ok) throw new Error(`bench setup: ${what} did not verify`)
}

/** Every HMAC case for one body size; `label` names the group, e.g. `'hmac 4 KiB'`. */
export function hmacCases(size, label) {
  const text = jsonBody(size)
  const bytes = new Uint8Array(Buffer.from(text))
  const buffer = Buffer.from(text)
  const group = `${label} (body ${bytes.length} B)`

  // GitHub style: x-hub-signature-256: sha256=<hex> over the raw body.
  const githubSig = `sha256=${createHmac('sha256', GITHUB_SECRET).update(bytes).digest('hex')}`
  const githubHeaders = { 'content-type': 'application/json', 'x-hub-signature-256': githubSig }
  const githubVerifier = createVerifier(
    hmac({
      header: 'x-hub-signature-256',
      prefix: 'sha256=',
      encoding: 'hex',
      secrets: GITHUB_SECRET,
    }),
  )
  const githubPreset = createVerifier(presets.github({ secret: GITHUB_SECRET }))
  const githubKey = createSecretKey(Buffer.from(GITHUB_SECRET))

  // Raw node:crypto: what a hand-written handler does, with the key prepared once.
  const raw = () => {
    const header = githubHeaders['x-hub-signature-256']
    if (!header.startsWith('sha256=')) return false
    const received = Buffer.from(header.slice(7), 'hex')
    const mac = createHmac('sha256', githubKey).update(bytes).digest()
    return received.length === mac.length && timingSafeEqual(received, mac)
  }

  // Stripe: t=<unix>,v1=<hex> over `${t}.${body}`.
  const t = Math.floor(Date.now() / 1000)
  const stripeHeader = `t=${t},v1=${createHmac('sha256', STRIPE_SECRET).update(`${t}.`).update(bytes).digest('hex')}`
  const stripeHeaders = { 'content-type': 'application/json', 'stripe-signature': stripeHeader }
  const stripeVerifier = createVerifier(presets.stripe({ secret: STRIPE_SECRET }))

  // Standard Webhooks: {id}.{t}.{body}, Base64, key = Base64 after whsec_.
  const swKey = Buffer.from(SW_SECRET.slice(6), 'base64')
  const swId = 'msg_bench'
  const swHeaders = {
    'content-type': 'application/json',
    'webhook-id': swId,
    'webhook-timestamp': String(t),
    'webhook-signature': `v1,${createHmac('sha256', swKey).update(`${swId}.${t}.`).update(bytes).digest('base64')}`,
  }
  const swVerifier = createVerifier(presets.standardWebhooks({ secret: SW_SECRET }))
  const standardWebhook = new StandardWebhook(SW_SECRET)

  const hw = (verifier, headers) => () => verifier.verify({ headers, body: bytes })
  const hwJson = (verifier, headers) => async () => {
    const result = await verifier.verify({ headers, body: bytes })
    return result.ok ? result.webhook.json() : result
  }
  const checkHw = (run) => async () => must((await run()).ok, 'hookwarden case')

  return [
    { group, name: 'node:crypto raw', sync: true, run: raw, check: () => must(raw(), 'raw') },
    {
      group,
      name: 'hookwarden hmac',
      peer: '@octokit/webhooks-methods',
      run: hw(githubVerifier, githubHeaders),
      check: checkHw(hw(githubVerifier, githubHeaders)),
    },
    {
      group,
      name: 'hookwarden github',
      peer: '@octokit/webhooks-methods',
      run: hw(githubPreset, githubHeaders),
      check: checkHw(hw(githubPreset, githubHeaders)),
    },
    {
      group,
      name: '@octokit/webhooks-methods',
      run: () => octokitVerify(GITHUB_SECRET, text, githubSig),
      check: async () => must(await octokitVerify(GITHUB_SECRET, text, githubSig), 'octokit'),
    },
    {
      group,
      name: 'hookwarden stripe',
      peer: 'stripe verifyHeader',
      run: hw(stripeVerifier, stripeHeaders),
      check: checkHw(hw(stripeVerifier, stripeHeaders)),
    },
    {
      group,
      name: 'hookwarden stripe+json',
      peer: 'stripe constructEvent',
      run: hwJson(stripeVerifier, stripeHeaders),
      check: async () =>
        must((await hwJson(stripeVerifier, stripeHeaders)()).id === 'evt_bench', 'stripe+json'),
    },
    {
      group,
      name: 'stripe verifyHeader',
      sync: true,
      run: () => Stripe.webhooks.signature.verifyHeader(buffer, stripeHeader, STRIPE_SECRET, 300),
      check: () =>
        must(
          Stripe.webhooks.signature.verifyHeader(buffer, stripeHeader, STRIPE_SECRET, 300),
          'stripe verifyHeader',
        ),
    },
    {
      group,
      name: 'stripe constructEvent',
      sync: true,
      run: () => Stripe.webhooks.constructEvent(buffer, stripeHeader, STRIPE_SECRET),
      check: () =>
        must(
          Stripe.webhooks.constructEvent(buffer, stripeHeader, STRIPE_SECRET).id === 'evt_bench',
          'stripe',
        ),
    },
    {
      group,
      name: 'hookwarden standardWebhooks',
      peer: 'standardwebhooks verify',
      run: hw(swVerifier, swHeaders),
      check: checkHw(hw(swVerifier, swHeaders)),
    },
    {
      group,
      name: 'hookwarden standardWebhooks+json',
      peer: 'standardwebhooks verify',
      run: hwJson(swVerifier, swHeaders),
      check: async () =>
        must((await hwJson(swVerifier, swHeaders)()).id === 'evt_bench', 'standardWebhooks+json'),
    },
    {
      group,
      name: 'standardwebhooks verify',
      sync: true,
      run: () => standardWebhook.verify(buffer, swHeaders),
      check: () =>
        must(standardWebhook.verify(buffer, swHeaders).id === 'evt_bench', 'standardwebhooks'),
    },
  ]
}

/** The ratios issue 2 asks for, per group label. */
export function hmacTargets(group256, group4k) {
  return [
    { group: group4k, subject: 'hookwarden hmac', against: 'node:crypto raw', min: 0.9 },
    { group: group256, subject: 'hookwarden hmac', against: 'node:crypto raw', min: 0.8 },
    {
      group: group4k,
      subject: 'hookwarden standardWebhooks+json',
      against: 'standardwebhooks verify',
      min: 5,
    },
    {
      group: group4k,
      subject: 'hookwarden stripe+json',
      against: 'stripe constructEvent',
      min: 2.5,
    },
  ]
}
