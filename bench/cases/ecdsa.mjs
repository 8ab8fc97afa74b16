/**
 * ECDSA P-256 cases (SendGrid Event Webhook shape: Base64 DER over `{timestamp}{body}`):
 * hookwarden (built dist) against raw node:crypto with a cached KeyObject and against SendGrid's
 * own pure-JS SDK, on the same body and a signature made by node:crypto.
 */
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import { EventWebhook } from '@sendgrid/eventwebhook'
import { createVerifier, ecdsa, presets } from '../../packages/core/dist/index.js'
import { jsonBody } from '../lib.mjs'

const SIG = 'x-twilio-email-event-webhook-signature'
const TS = 'x-twilio-email-event-webhook-timestamp'

const must = (ok, what) => {
  if (!ok) throw new Error(`bench setup: ${what} did not verify`)
}

/** Every ECDSA case for one body size; `label` names the group, e.g. `'ecdsa P-256 4 KiB'`. */
export function ecdsaCases(size, label) {
  const text = jsonBody(size)
  const bytes = new Uint8Array(Buffer.from(text))
  const group = `${label} (body ${bytes.length} B)`
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
  const t = String(Math.floor(Date.now() / 1000))
  const signature = sign('sha256', Buffer.concat([Buffer.from(t), bytes]), privateKey).toString(
    'base64',
  )
  const headers = { 'content-type': 'application/json', [SIG]: signature, [TS]: t }

  // Raw node:crypto: a hand-written handler with the key parsed once.
  const keyObject = createPublicKey({
    key: Buffer.from(spki, 'base64'),
    format: 'der',
    type: 'spki',
  })
  const raw = () => {
    const data = Buffer.concat([Buffer.from(headers[TS]), bytes])
    return verify('sha256', data, keyObject, Buffer.from(headers[SIG], 'base64'))
  }

  const check = ecdsa({
    header: SIG,
    timestamp: { header: TS },
    content: '{timestamp}{body}',
    encoding: 'base64',
    signatureFormat: 'der',
    keys: spki,
  })
  const ecdsaVerifier = createVerifier(check)
  const sendgridVerifier = createVerifier(presets.sendgrid({ publicKey: spki }))
  const sdk = new EventWebhook()
  const sdkKey = sdk.convertPublicKeyToECDSA(spki)

  const hw = (verifier) => () => verifier.verify({ headers, body: bytes })
  const checkHw = (run) => async () => must((await run()).ok, 'hookwarden case')

  return [
    { group, name: 'node:crypto raw', sync: true, run: raw, check: () => must(raw(), 'raw') },
    { group, name: 'hookwarden ecdsa', run: hw(ecdsaVerifier), check: checkHw(hw(ecdsaVerifier)) },
    {
      group,
      name: 'hookwarden sendgrid',
      peer: '@sendgrid/eventwebhook',
      run: hw(sendgridVerifier),
      check: checkHw(hw(sendgridVerifier)),
    },
    {
      group,
      name: '@sendgrid/eventwebhook',
      sync: true,
      run: () => sdk.verifySignature(sdkKey, text, signature, t),
      check: () => must(sdk.verifySignature(sdkKey, text, signature, t), '@sendgrid/eventwebhook'),
    },
  ]
}

/** The ratio issue 3 asks for. */
export function ecdsaTargets(group) {
  return [
    { group, subject: 'hookwarden ecdsa', against: 'node:crypto raw', min: 0.85 },
    { group, subject: 'hookwarden sendgrid', against: '@sendgrid/eventwebhook', min: 10 },
  ]
}
