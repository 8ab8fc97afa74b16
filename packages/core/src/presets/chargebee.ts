import type { Check } from '../check.js'
import { basicAuth } from '../checks/basic-auth.js'
import { presetOptions } from '../lib/preset.js'

export interface ChargebeeOptions {
  /** The user name set in the webhook's Basic authentication settings. */
  username: string
  /** The password set next to it. */
  password: string
}

/**
 * Chargebee: webhooks carry no signature; protect the endpoint with the HTTP Basic credentials
 * configured on the webhook (`Authorization: Basic ...`), compared in constant time. Nothing
 * binds them to the body: serve the endpoint over HTTPS only, and use a replay store.
 *
 * @example
 * const check = presets.chargebee({ username: 'chargebee', password: process.env['CB_HOOK_PASS'] ?? '' })
 * @see https://www.chargebee.com/docs/2.0/webhook_settings.html
 */
export function chargebee(options: ChargebeeOptions): Check {
  const opts = presetOptions(options, 'chargebee', ['username', 'password'], {
    username: "the webhook's Basic authentication username",
    password: "the webhook's Basic authentication password",
  })
  return basicAuth({
    name: 'chargebee',
    credentials: { username: opts.username, password: opts.password },
  })
}
