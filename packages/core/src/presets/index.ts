/**
 * Ready-made checks for real senders: header grammar, signed content, encoding and tolerance
 * encoded once.
 */
import { github } from './github.js'
import { stripe } from './stripe.js'
import { standardWebhooks, svix } from './standard-webhooks.js'

export const presets = {
  github,
  standardWebhooks,
  stripe,
  svix,
}
