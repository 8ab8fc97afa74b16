import type { Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'
import { emptyResponse, handshakeError, safeChallenge } from '../lib/handshake.js'
import { presetOptions, requiredOption, withHandshake } from '../lib/preset.js'
import type { Secrets } from '../secrets.js'

export interface AsanaOptions {
  /**
   * The `X-Hook-Secret` Asana sent in the webhook's handshake, UTF-8 (several for several webhooks
   * on one URL). Until it is set, deliveries fail with `ERR_WEBHOOK_KEY_UNAVAILABLE` (503), which
   * Asana retries.
   */
  secret?: Secrets
  /**
   * Called with the `X-Hook-Secret` of a handshake: store it and pass it as `secret` from then on.
   * The handshake is not authenticated, so accept a secret only while you are creating a webhook
   * (return `false` to refuse it: `ERR_WEBHOOK_CREDENTIALS_INVALID`). Without this option
   * handshakes are not answered.
   */
  onHandshake?: (secret: string) => boolean | void | Promise<boolean | void>
}

// example prelude: declare let creating: boolean
// declare const store: { get(key: string): Promise<string | undefined> } & {
//   set(key: string, value: string): Promise<void>
// }
/**
 * Asana: `X-Hook-Signature`, hex HMAC-SHA256 of the raw body with the secret of the webhook's
 * handshake. No signed timestamp: use a replay store.
 *
 * Handshake: while `POST /webhooks` is in flight, Asana POSTs an `X-Hook-Secret` header to the
 * target; the preset hands it to `onHandshake` and answers 200 echoing `X-Hook-Secret`.
 *
 * @example
 * const secret = await store.get('asana-secret') // undefined until the first handshake
 * const check = presets.asana({
 *   ...(secret === undefined ? {} : { secret }),
 *   onHandshake: async (received) => {
 *     if (!creating) return false // the handshake is not authenticated
 *     await store.set('asana-secret', received)
 *     return true
 *   },
 * })
 * @see https://developers.asana.com/docs/webhooks-guide
 * @see https://developers.asana.com/reference/createwebhook
 */
export function asana(options: AsanaOptions): Check {
  const opts = presetOptions(options, 'asana', ['secret', 'onHandshake'])
  const { secret, onHandshake } = opts
  if (secret === undefined && onHandshake === undefined) {
    throw new WebhookConfigError(
      'asana: pass secret (the X-Hook-Secret of the handshake) or onHandshake to receive it',
    )
  }
  if (onHandshake !== undefined && typeof onHandshake !== 'function') {
    throw new WebhookConfigError('asana: onHandshake must be a function')
  }
  // Optional until the handshake, but a secret that is given must not be blank.
  if (secret !== undefined) {
    requiredOption(opts, 'secret', 'asana', 'the X-Hook-Secret of the handshake')
  }
  const check: Check =
    secret === undefined
      ? {
          name: 'asana',
          verify: () => ({
            ok: false,
            error: new WebhookVerificationError('ERR_WEBHOOK_KEY_UNAVAILABLE'),
          }),
        }
      : hmac({ name: 'asana', header: 'x-hook-signature', encoding: 'hex', secrets: secret })
  if (onHandshake === undefined) return check
  return withHandshake(check, async (request) => {
    const raw = request.header('x-hook-secret')
    if (raw === undefined) return undefined
    const hookSecret = safeChallenge(raw.trim())
    if (hookSecret === undefined) return handshakeError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
    if ((await onHandshake(hookSecret)) === false) {
      return handshakeError('ERR_WEBHOOK_CREDENTIALS_INVALID')
    }
    return emptyResponse(200, { 'x-hook-secret': hookSecret })
  })
}
