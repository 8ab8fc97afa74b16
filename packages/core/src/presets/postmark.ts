import type { Check } from '../check.js'
import { basicAuth } from '../checks/basic-auth.js'
import { presetOptions } from '../lib/preset.js'

export interface PostmarkOptions {
  /** The user name written into the webhook URL (`https://<username>:<password>@host/path`). */
  username: string
  /** The password written into the webhook URL. */
  password: string
}

/**
 * Postmark: webhooks carry no signature; put Basic credentials in the webhook URL
 * (`https://user:pass@example.com/webhook`) and Postmark sends them as `Authorization: Basic ...`,
 * compared here in constant time. Nothing binds them to the body: HTTPS only, plus a replay store.
 *
 * @example
 * const check = presets.postmark({ username: 'postmark', password: process.env['PM_HOOK_PASS'] ?? '' })
 * @see https://postmarkapp.com/developer/webhooks/webhooks-overview
 */
export function postmark(options: PostmarkOptions): Check {
  const opts = presetOptions(options, 'postmark', ['username', 'password'], {
    username: 'the username in the webhook URL',
    password: 'the password in the webhook URL',
  })
  return basicAuth({
    name: 'postmark',
    credentials: { username: opts.username, password: opts.password },
  })
}
