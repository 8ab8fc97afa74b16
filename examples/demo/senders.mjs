/**
 * Every sender the demo plays, by preset name: the options its receivers are configured with and
 * what is special about signing for it. A preset missing here makes the demo fail: add an entry.
 *
 * Entry keys (all optional but `options`):
 * - `options`: what the receivers pass to `presets[name]` (demo secrets, never real ones).
 * - `privateKey`: what `signRequest` signs with (asymmetric senders).
 * - `url`: the URL the sender signs (the receivers pin it: `notificationUrl`, `targetUrl`, `url`).
 * - `body(at, amount)`: the delivery body, when the sender needs a particular one.
 * - `headers`: unsigned headers the sender also writes.
 * - `sign({ at, token, tamper })`: a sender `signRequest` cannot play (the signature sits in the
 *   body); `tamper` is `'body'` or `'signature'` for the forged copies. Returns `{ headers, body }`.
 * - `credential`: with `sign`, the body carries a static credential rather than a signature.
 * - `timestamped`: the sender signs a time that `describeCheck` does not show (JWS `iat`, body fields).
 * - `replay: false`: the receivers get no replay store (nothing signed to key a replay on).
 * - `expect`: per-case outcomes `{ outcome, status, code?, note }` that differ from the usual one.
 * - `handshake`: the probe the sender makes before delivering (`signed`: signed like a delivery;
 *   `echo`: what the answer must contain, in its body or a header).
 */
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto'
import paypalCert from '../../test/vectors/rsa-certificate.json' with { type: 'json' }

const pem = (key, type) => key.export({ type, format: 'pem' })
function keyPair(type, options) {
  const { publicKey, privateKey } = generateKeyPairSync(type, options)
  return { publicKey: pem(publicKey, 'spki'), privateKey: pem(privateKey, 'pkcs8') }
}
const p256 = keyPair('ec', { namedCurve: 'prime256v1' })
const ed = keyPair('ed25519')
const rsa = keyPair('rsa', { modulusLength: 2048 })
const whsec = (text) => 'whsec_' + Buffer.from(text.padEnd(32, '.')).toString('base64')

/** PayPal's test certificate (CN messageverificationcerts.sandbox.paypal.com) and its key. */
/** Stands in for PayPal's certificate host: every URL the preset accepts serves the test certificate. */
const paypalFetch = async () => new Response(paypalCert.certificate, { status: 200 })

/** The usual delivery: an invoice paid, the amount in cents (tampering changes it). */
export const invoice = (amount) =>
  Buffer.from(`{"type":"invoice.paid","data":{"id":"inv_42","amount":${amount}}}`)

const form = (fields) => Buffer.from(new URLSearchParams(fields).toString())
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

/**
 * A Basic-auth or static-token sender: nothing binds the body, and the credential is the same in
 * every delivery, so there is no replay key either (the verifier refuses a replay store for it).
 */
const staticCredential = {
  replay: false,
  expect: {
    'tampered body': {
      outcome: 'accepted',
      status: 200,
      note: 'a static credential signs nothing: the body is not protected (use HTTPS)',
    },
    replayed: {
      outcome: 'accepted',
      status: 200,
      note: 'accepted again: nothing is signed, so there is no replay key (no replay store)',
    },
  },
}

/** Adyen signs eight fields of each notification item, joined by ':' (HMAC-SHA256, hex key). */
function adyenItem(key, tamper) {
  const item = {
    pspReference: '7914073381342284',
    originalReference: '',
    merchantAccountCode: 'DemoMerchant',
    merchantReference: 'order-42',
    amount: { value: 1999, currency: 'EUR' },
    eventCode: 'AUTHORISATION',
    success: 'true',
  }
  const fields = [
    item.pspReference,
    item.originalReference,
    item.merchantAccountCode,
    item.merchantReference,
    item.amount.value,
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':')
  const mac = createHmac('sha256', Buffer.from(key, 'hex')).update(fields).digest()
  if (tamper === 'signature') mac[mac.length - 1] ^= 0x01
  const amount = { ...item.amount, value: tamper === 'body' ? 9999 : item.amount.value }
  return { ...item, amount, additionalData: { hmacSignature: mac.toString('base64') } }
}

/** Mailgun signs `{timestamp}{token}` only, in the body's `signature` object (hex HMAC-SHA256). */
function mailgunBody(key, at, token, tamper) {
  const timestamp = String(Math.floor(at / 1000))
  const mac = createHmac('sha256', key)
    .update(timestamp + token)
    .digest()
  if (tamper === 'signature') mac[mac.length - 1] ^= 0x01
  const signature = { timestamp, token, signature: mac.toString('hex') }
  const event = { event: 'delivered', amount: tamper === 'body' ? 9999 : 1999 }
  return Buffer.from(JSON.stringify({ signature, 'event-data': event }))
}

const ADYEN_KEY = Buffer.from('demo adyen hmac key, 32 bytes!!!').toString('hex')
const MAILGUN_KEY = 'key-demo-mailgun-signing-key'
const GRAPH_STATE = 'demo-graph-client-state'

const slackChallenge = { type: 'url_verification', challenge: 'demo-slack-challenge' }

export const SENDERS = {
  adyen: {
    options: { secret: ADYEN_KEY },
    sign: ({ tamper }) => ({
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(
        JSON.stringify({
          live: 'false',
          notificationItems: [{ NotificationRequestItem: adyenItem(ADYEN_KEY, tamper) }],
        }),
      ),
    }),
  },
  airwallex: { options: { secret: 'demo airwallex secret' } },
  asana: {
    options: { secret: 'demo asana hook secret', onHandshake: () => true },
    handshake: {
      what: 'X-Hook-Secret echoed',
      echo: 'demo-asana-hook-secret',
      headers: { 'x-hook-secret': 'demo-asana-hook-secret' },
    },
  },
  bitbucket: { options: { secret: 'demo bitbucket secret' } },
  calCom: { options: { secret: 'demo cal.com secret' } },
  calendly: { options: { secret: 'demo calendly secret' } },
  chargebee: {
    options: { username: 'chargebee', password: 'demo chargebee password' },
    ...staticCredential,
  },
  checkoutCom: { options: { secret: 'demo checkout.com secret' } },
  clerk: { options: { secret: whsec('demo clerk secret') } },
  coinbaseCommerce: { options: { secret: 'demo coinbase secret' } },
  discord: {
    options: { publicKey: ed.publicKey },
    privateKey: ed.privateKey,
    handshake: {
      what: 'PING answered with PONG',
      echo: '{"type":1}',
      signed: true,
      body: '{"type":1}',
    },
  },
  docusign: { options: { secret: 'demo docusign connect key' } },
  dropbox: {
    options: { secret: 'demo dropbox app secret' },
    handshake: {
      what: 'GET challenge echoed',
      echo: 'demo-dropbox',
      method: 'GET',
      query: '?challenge=demo-dropbox',
    },
  },
  equalsMoney: { options: { secret: 'demo-equals-shared-secret' } },
  flutterwave: { options: { secret: 'demo flutterwave secret hash' } },
  github: { options: { secret: 'demo github secret' } },
  gitlab: { options: { secret: 'demo-gitlab-token' }, ...staticCredential },
  goCardless: { options: { secret: 'demo gocardless secret' } },
  hubspot: {
    options: { secret: 'demo hubspot secret', targetUrl: 'https://example.com/hooks/hubspot' },
    url: 'https://example.com/hooks/hubspot',
  },
  intercom: { options: { secret: 'demo intercom secret' } },
  lago: { options: { secret: 'demo lago hmac key' } },
  lemonSqueezy: { options: { secret: 'demo lemon secret' } },
  linear: {
    options: { secret: 'demo linear secret' },
    // Linear's timestamp is `webhookTimestamp` inside the signed JSON body.
    body: (at, amount) =>
      Buffer.from(`{"type":"Invoice","amount":${amount},"webhookTimestamp":${at}}`),
  },
  lune: { options: { secret: 'demo lune secret' } },
  mailgun: {
    options: { secret: MAILGUN_KEY },
    timestamped: true,
    sign: ({ at, token, tamper }) => ({
      headers: { 'content-type': 'application/json' },
      body: mailgunBody(MAILGUN_KEY, at, token, tamper),
    }),
    expect: {
      'tampered body': {
        outcome: 'duplicate',
        status: 200,
        note: 'Mailgun signs only timestamp and token, not the event: the replay store stops the forgery',
      },
    },
  },
  mandrill: {
    options: { secret: 'demo mandrill key', url: 'https://example.com/hooks/mandrill' },
    url: 'https://example.com/hooks/mandrill',
    headers: FORM,
    body: (_at, amount) =>
      form({ mandrill_events: JSON.stringify([{ event: 'send', amount: amount }]) }),
  },
  meta: {
    options: { secret: 'demo meta app secret', verifyToken: 'demo-meta-verify-token' },
    handshake: {
      what: 'GET hub.challenge echoed',
      echo: '1158201444',
      method: 'GET',
      query: '?hub.mode=subscribe&hub.verify_token=demo-meta-verify-token&hub.challenge=1158201444',
    },
  },
  microsoftGraph: {
    options: { clientState: GRAPH_STATE },
    // The credential is `clientState` inside the JSON body: nothing is signed.
    credential: true,
    sign: ({ tamper }) => ({
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(
        JSON.stringify({
          value: [
            {
              subscriptionId: 'demo-subscription',
              clientState: tamper === 'signature' ? GRAPH_STATE + 'x' : GRAPH_STATE,
              changeType: 'created',
              resource: `invoices/inv_42/amount/${tamper === 'body' ? 9999 : 1999}`,
            },
          ],
        }),
      ),
    }),
    ...staticCredential,
    handshake: {
      what: 'validationToken echoed',
      echo: 'Validation: demo',
      query: '?validationToken=Validation%3A%20demo',
    },
  },
  monime: { options: { secret: 'demo monime secret that is long enough' } },
  mux: { options: { secret: 'demo mux secret' } },
  netlify: { options: { secret: 'demo netlify jws secret' }, timestamped: false },
  notion: {
    options: { secret: 'demo notion verification token', onVerificationToken: () => {} },
    handshake: {
      what: 'setup request answered',
      headers: { 'content-type': 'application/json' },
      body: '{"verification_token":"secret_demo_notion_token"}',
    },
  },
  okta: {
    options: { secret: 'demo okta authorization value' },
    ...staticCredential,
    handshake: {
      what: 'verification challenge answered',
      echo: 'demo-okta-challenge',
      method: 'GET',
      headers: { 'x-okta-verification-challenge': 'demo-okta-challenge' },
    },
  },
  openai: { options: { secret: whsec('demo openai secret') } },
  orb: { options: { secret: 'demo orb secret' } },
  paddle: { options: { secret: 'demo paddle secret' } },
  paypal: {
    options: { webhookId: '8PT597110X687430LKGECATA', fetch: paypalFetch },
    privateKey: paypalCert.privateKey,
  },
  paystack: { options: { secret: 'sk_demo_paystack' } },
  plaid: {
    options: { keys: { value: p256.publicKey, id: 'demo-plaid-key' } },
    privateKey: p256.privateKey,
    timestamped: true,
  },
  polar: { options: { secret: 'demo polar secret' } },
  postmark: {
    options: { username: 'postmark', password: 'demo postmark password' },
    ...staticCredential,
  },
  razorpay: { options: { secret: 'demo razorpay secret' } },
  recurly: { options: { secret: 'demo recurly secret' } },
  replicate: { options: { secret: whsec('demo replicate secret') } },
  resend: { options: { secret: whsec('demo resend secret') } },
  revolut: { options: { secret: 'wsk_demo_revolut' } },
  sendgrid: { options: { publicKey: p256.publicKey }, privateKey: p256.privateKey },
  sentry: { options: { secret: 'demo sentry client secret' } },
  shopify: { options: { secret: 'demo shopify secret' } },
  slack: {
    options: { secret: 'demo slack secret' },
    handshake: {
      what: 'url_verification challenge echoed',
      echo: 'demo-slack-challenge',
      signed: true,
      body: JSON.stringify(slackChallenge),
    },
  },
  solvimon: { options: { secret: 'demo solvimon secret' } },
  square: {
    options: { secret: 'demo square key', notificationUrl: 'https://example.com/hooks/square' },
    url: 'https://example.com/hooks/square',
  },
  standardWebhooks: { options: { secret: whsec('demo standard webhooks secret') } },
  standardWebhooksAsymmetric: { options: { publicKey: ed.publicKey }, privateKey: ed.privateKey },
  stripe: { options: { secret: 'whsec_demo_stripe' } },
  svix: { options: { secret: whsec('demo svix secret') } },
  twilio: {
    options: { secret: 'demo twilio auth token', url: 'https://example.com/hooks/twilio' },
    url: 'https://example.com/hooks/twilio',
    headers: FORM,
    body: (_at, amount) => form({ AccountSid: 'ACdemo', MessageStatus: 'sent', Price: amount }),
  },
  twitch: {
    options: { secret: 'demo twitch secret' },
    headers: { 'twitch-eventsub-message-type': 'notification' },
    handshake: {
      what: 'EventSub challenge echoed',
      echo: 'demo-twitch-challenge',
      signed: true,
      headers: { 'twitch-eventsub-message-type': 'webhook_callback_verification' },
      body: '{"challenge":"demo-twitch-challenge","subscription":{"type":"channel.follow"}}',
    },
  },
  typeform: { options: { secret: 'demo typeform secret' } },
  vercel: { options: { secret: 'demo vercel secret' } },
  wise: { options: { publicKey: rsa.publicKey }, privateKey: rsa.privateKey },
  wooCommerce: { options: { secret: 'demo woo secret' } },
  zendesk: { options: { secret: 'demo zendesk secret' } },
  zoom: {
    options: { secret: 'demo zoom secret' },
    handshake: {
      what: 'endpoint.url_validation answered',
      echo: 'demo-zoom-token',
      signed: true,
      body: '{"event":"endpoint.url_validation","payload":{"plainToken":"demo-zoom-token"}}',
    },
  },
}

/** A fresh Mailgun-style token (the replay key of senders that sign one). */
export const newToken = () => randomBytes(25).toString('hex')
