/**
 * Ready-made checks for real senders: header grammar, signed content, encoding and tolerance
 * encoded once. One file per provider; see PRESETS.md for the table.
 */
import { asana } from './asana.js'
import { airwallex } from './airwallex.js'
import { calendly } from './calendly.js'
import { chargebee } from './chargebee.js'
import { checkoutCom } from './checkout-com.js'
import { clerk } from './clerk.js'
import { coinbaseCommerce } from './coinbase-commerce.js'
import { discord } from './discord.js'
import { dropbox } from './dropbox.js'
import { equalsMoney } from './equals-money.js'
import { flutterwave } from './flutterwave.js'
import { github } from './github.js'
import { gitlab } from './gitlab.js'
import { goCardless } from './go-cardless.js'
import { hubspot } from './hubspot.js'
import { intercom } from './intercom.js'
import { lemonSqueezy } from './lemon-squeezy.js'
import { linear } from './linear.js'
import { lune } from './lune.js'
import { meta } from './meta.js'
import { microsoftGraph } from './microsoft-graph.js'
import { mandrill } from './mandrill.js'
import { monime } from './monime.js'
import { okta } from './okta.js'
import { paddle } from './paddle.js'
import { paystack } from './paystack.js'
import { plaid } from './plaid.js'
import { postmark } from './postmark.js'
import { razorpay } from './razorpay.js'
import { recurly } from './recurly.js'
import { resend } from './resend.js'
import { sendgrid } from './sendgrid.js'
import { shopify } from './shopify.js'
import { slack } from './slack.js'
import { solvimon } from './solvimon.js'
import { square } from './square.js'
import { standardWebhooks, svix } from './standard-webhooks.js'
import { standardWebhooksAsymmetric } from './standard-webhooks-asymmetric.js'
import { stripe } from './stripe.js'
import { twilio } from './twilio.js'
import { twitch } from './twitch.js'
import { typeform } from './typeform.js'
import { vercel } from './vercel.js'
import { wooCommerce } from './woo-commerce.js'
import { zoom } from './zoom.js'

export const presets = {
  asana,
  airwallex,
  calendly,
  chargebee,
  checkoutCom,
  clerk,
  coinbaseCommerce,
  discord,
  dropbox,
  equalsMoney,
  flutterwave,
  github,
  gitlab,
  goCardless,
  hubspot,
  intercom,
  lemonSqueezy,
  linear,
  lune,
  meta,
  microsoftGraph,
  mandrill,
  monime,
  okta,
  paddle,
  paystack,
  plaid,
  postmark,
  razorpay,
  recurly,
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
  twilio,
  twitch,
  typeform,
  vercel,
  wooCommerce,
  zoom,
}
