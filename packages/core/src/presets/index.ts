/**
 * Ready-made checks for real senders: header grammar, signed content, encoding and tolerance
 * encoded once. One file per provider; see PRESETS.md for the table.
 */
import { bitbucket } from './bitbucket.js'
import { calCom } from './cal-com.js'
import { calendly } from './calendly.js'
import { clerk } from './clerk.js'
import { coinbaseCommerce } from './coinbase-commerce.js'
import { discord } from './discord.js'
import { docusign } from './docusign.js'
import { equalsMoney } from './equals-money.js'
import { github } from './github.js'
import { gitlab } from './gitlab.js'
import { hubspot } from './hubspot.js'
import { intercom } from './intercom.js'
import { lago } from './lago.js'
import { lemonSqueezy } from './lemon-squeezy.js'
import { linear } from './linear.js'
import { lune } from './lune.js'
import { monime } from './monime.js'
import { mux } from './mux.js'
import { netlify } from './netlify.js'
import { notion } from './notion.js'
import { openai } from './openai.js'
import { orb } from './orb.js'
import { paddle } from './paddle.js'
import { plaid } from './plaid.js'
import { polar } from './polar.js'
import { replicate } from './replicate.js'
import { resend } from './resend.js'
import { revolut } from './revolut.js'
import { sendgrid } from './sendgrid.js'
import { sentry } from './sentry.js'
import { shopify } from './shopify.js'
import { slack } from './slack.js'
import { solvimon } from './solvimon.js'
import { square } from './square.js'
import { standardWebhooks, svix } from './standard-webhooks.js'
import { standardWebhooksAsymmetric } from './standard-webhooks-asymmetric.js'
import { stripe } from './stripe.js'
import { twitch } from './twitch.js'
import { typeform } from './typeform.js'
import { vercel } from './vercel.js'
import { wooCommerce } from './woo-commerce.js'
import { zendesk } from './zendesk.js'
import { zoom } from './zoom.js'

export const presets = {
  bitbucket,
  calCom,
  calendly,
  clerk,
  coinbaseCommerce,
  discord,
  docusign,
  equalsMoney,
  github,
  gitlab,
  hubspot,
  intercom,
  lago,
  lemonSqueezy,
  linear,
  lune,
  monime,
  mux,
  netlify,
  notion,
  openai,
  orb,
  paddle,
  plaid,
  polar,
  replicate,
  resend,
  revolut,
  sendgrid,
  sentry,
  shopify,
  slack,
  solvimon,
  square,
  standardWebhooks,
  standardWebhooksAsymmetric,
  stripe,
  svix,
  twitch,
  typeform,
  vercel,
  wooCommerce,
  zendesk,
  zoom,
}
