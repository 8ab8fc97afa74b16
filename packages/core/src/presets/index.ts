/**
 * Ready-made checks for real senders: header grammar, signed content, encoding and tolerance
 * encoded once. One file per provider; see PRESETS.md for the table.
 */
import { asana } from './asana.js'
import { airwallex } from './airwallex.js'
import { bitbucket } from './bitbucket.js'
import { calCom } from './cal-com.js'
import { adyen } from './adyen.js'
import { calendly } from './calendly.js'
import { chargebee } from './chargebee.js'
import { checkoutCom } from './checkout-com.js'
import { clerk } from './clerk.js'
import { coinbaseCommerce } from './coinbase-commerce.js'
import { discord } from './discord.js'
import { dropbox } from './dropbox.js'
import { docusign } from './docusign.js'
import { equalsMoney } from './equals-money.js'
import { flutterwave } from './flutterwave.js'
import { github } from './github.js'
import { gitlab } from './gitlab.js'
import { goCardless } from './go-cardless.js'
import { hubspot } from './hubspot.js'
import { intercom } from './intercom.js'
import { lago } from './lago.js'
import { lemonSqueezy } from './lemon-squeezy.js'
import { linear } from './linear.js'
import { lune } from './lune.js'
import { meta } from './meta.js'
import { microsoftGraph } from './microsoft-graph.js'
import { mandrill } from './mandrill.js'
import { mailgun } from './mailgun.js'
import { monime } from './monime.js'
import { okta } from './okta.js'
import { mux } from './mux.js'
import { netlify } from './netlify.js'
import { notion } from './notion.js'
import { openai } from './openai.js'
import { orb } from './orb.js'
import { paddle } from './paddle.js'
import { paystack } from './paystack.js'
import { paypal } from './paypal.js'
import { plaid } from './plaid.js'
import { postmark } from './postmark.js'
import { razorpay } from './razorpay.js'
import { recurly } from './recurly.js'
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
import { twilio } from './twilio.js'
import { twitch } from './twitch.js'
import { typeform } from './typeform.js'
import { vercel } from './vercel.js'
import { wise } from './wise.js'
import { wooCommerce } from './woo-commerce.js'
import { zendesk } from './zendesk.js'
import { zoom } from './zoom.js'

export const presets = {
  asana,
  airwallex,
  bitbucket,
  calCom,
  adyen,
  calendly,
  chargebee,
  checkoutCom,
  clerk,
  coinbaseCommerce,
  discord,
  dropbox,
  docusign,
  equalsMoney,
  flutterwave,
  github,
  gitlab,
  goCardless,
  hubspot,
  intercom,
  lago,
  lemonSqueezy,
  linear,
  lune,
  meta,
  microsoftGraph,
  mandrill,
  mailgun,
  monime,
  okta,
  mux,
  netlify,
  notion,
  openai,
  orb,
  paddle,
  paystack,
  paypal,
  plaid,
  postmark,
  razorpay,
  recurly,
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
  twilio,
  twitch,
  typeform,
  vercel,
  wise,
  wooCommerce,
  zendesk,
  zoom,
}
