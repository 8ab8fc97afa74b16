/**
 * Signature headers the presets read, so a delivery that carries another sender's header (or the
 * right signature under another name) can be recognised. A test keeps it in sync with the presets.
 */

/** Lower-case header name → the presets that read a signature (or token) from it. */
export const KNOWN_SIGNATURE_HEADERS: Readonly<Record<string, readonly string[]>> = {
  'calendly-webhook-signature': ['calendly'],
  'linear-signature': ['linear'],
  'lune-hmac': ['lune'],
  'monime-signature': ['monime'],
  'paddle-signature': ['paddle'],
  'paypal-transmission-sig': ['paypal'],
  'plaid-verification': ['plaid'],
  'stripe-signature': ['stripe'],
  'svix-signature': ['svix', 'clerk', 'resend'],
  'twitch-eventsub-message-signature': ['twitch'],
  'typeform-signature': ['typeform'],
  'webhook-signature': [
    'standardWebhooks',
    'standardWebhooksAsymmetric',
    'svix',
    'clerk',
    'resend',
  ],
  'x-cc-webhook-signature': ['coinbaseCommerce'],
  'x-em-signature': ['equalsMoney'],
  'x-gitlab-token': ['gitlab'],
  'x-hub-signature': ['intercom'],
  'x-hub-signature-256': ['github'],
  'x-hubspot-signature-v3': ['hubspot'],
  'x-payload-signature': ['solvimon'],
  'x-shopify-hmac-sha256': ['shopify'],
  'x-signature': ['lemonSqueezy'],
  'x-signature-ed25519': ['discord'],
  'x-signature-sha256': ['wise'],
  'x-slack-signature': ['slack'],
  'x-square-hmacsha256-signature': ['square'],
  'x-twilio-email-event-webhook-signature': ['sendgrid'],
  'x-vercel-signature': ['vercel'],
  'x-wc-webhook-signature': ['wooCommerce'],
  'x-zm-signature': ['zoom'],
}
