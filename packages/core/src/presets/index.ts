/**
 * Ready-made checks for real senders: header grammar, signed content, encoding and tolerance
 * encoded once. One file per provider; see PRESETS.md for the table.
 */
import { adyen } from './adyen.js'
import { calendly } from './calendly.js'
import { clerk } from './clerk.js'
import { coinbaseCommerce } from './coinbase-commerce.js'
import { discord } from './discord.js'
import { equalsMoney } from './equals-money.js'
import { github } from './github.js'
import { gitlab } from './gitlab.js'
import { hubspot } from './hubspot.js'
import { intercom } from './intercom.js'
import { lemonSqueezy } from './lemon-squeezy.js'
import { linear } from './linear.js'
import { lune } from './lune.js'
import { mailgun } from './mailgun.js'
import { monime } from './monime.js'
import { paddle } from './paddle.js'
import { paypal } from './paypal.js'
import { plaid } from './plaid.js'
import { resend } from './resend.js'
import { sendgrid } from './sendgrid.js'
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
import { wise } from './wise.js'
import { wooCommerce } from './woo-commerce.js'
import { zoom } from './zoom.js'

export const presets = {
  adyen,
  calendly,
  clerk,
  coinbaseCommerce,
  discord,
  equalsMoney,
  github,
  gitlab,
  hubspot,
  intercom,
  lemonSqueezy,
  linear,
  lune,
  mailgun,
  monime,
  paddle,
  paypal,
  plaid,
  resend,
  sendgrid,
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
  wise,
  wooCommerce,
  zoom,
}
