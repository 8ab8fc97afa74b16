import type { Check, CheckResult } from '../check.js'
import { WebhookVerificationError, type VerificationErrorCode } from '../errors.js'
import { createCredentialMatcher } from '../lib/credentials.js'
import { decodeUtf8, utf8 } from '../lib/encoding.js'
import {
  handshakeError,
  queryOf,
  safeChallenge,
  textResponse,
  tokenEntries,
} from '../lib/handshake.js'
import { presetOptions, withHandshake } from '../lib/preset.js'
import { keyStatus, type KeyStatus, type Secrets } from '../secrets.js'

export interface MicrosoftGraphOptions {
  /**
   * The `clientState` you set when creating the subscription(s), up to 128 characters; several
   * for several subscriptions on one URL, or while you renew with a new one.
   */
  clientState: Secrets
}

function fail(code: VerificationErrorCode): CheckResult {
  return { ok: false, error: new WebhookVerificationError(code) }
}

/** Every `value[].clientState` of a notification collection, or `undefined` if one is missing. */
function clientStates(body: Uint8Array): string[] | undefined {
  const text = decodeUtf8(body)
  if (text === undefined) return undefined
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof payload !== 'object' || payload === null) return undefined
  const items = (payload as { value?: unknown }).value
  if (!Array.isArray(items) || items.length === 0) return undefined
  const states: string[] = []
  for (const item of items as unknown[]) {
    const state =
      typeof item === 'object' && item !== null
        ? (item as { clientState?: unknown }).clientState
        : undefined
    if (typeof state !== 'string' || state === '') return undefined
    states.push(state)
  }
  return states
}

/**
 * Microsoft Graph change notifications (webhooks): Graph signs nothing; each notification in
 * `value[]` carries the subscription's `clientState`, and every one must equal a configured
 * `clientState` (compared in constant time), else `ERR_WEBHOOK_CREDENTIALS_INVALID`. A body that
 * is not a notification collection, or an item without `clientState`, is
 * `ERR_WEBHOOK_CREDENTIALS_MISSING`. The `validationTokens` JWTs of rich notifications (with
 * resource data) are not checked.
 *
 * Handshake: on subscription creation Graph POSTs `?validationToken=...`; the preset answers the
 * decoded token as `text/plain` (unauthenticated, as Graph sends it).
 *
 * @example
 * const check = presets.microsoftGraph({ clientState: process.env['GRAPH_CLIENT_STATE'] ?? '' })
 * @see https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks
 */
export function microsoftGraph(options: MicrosoftGraphOptions): Check {
  const opts = presetOptions(options, 'microsoftGraph', ['clientState'], {
    clientState: "the subscription's clientState",
  })
  const entries = tokenEntries(opts.clientState, 'microsoftGraph clientState')
  const matcher = createCredentialMatcher(entries)
  const check: Check = {
    name: 'microsoftGraph',
    async verify(request, context) {
      const states = clientStates(request.body)
      if (states === undefined) return fail('ERR_WEBHOOK_CREDENTIALS_MISSING')
      let keyId: string | undefined
      let keyPosition: string | undefined
      let status: KeyStatus | undefined
      // Batches usually repeat one clientState: compare each distinct value once.
      for (const [i, state] of [...new Set(states)].entries()) {
        const entry = await matcher.match(utf8(state), context.now)
        if (entry === undefined) return fail('ERR_WEBHOOK_CREDENTIALS_INVALID')
        if (i === 0) {
          keyId = entry.id
          keyPosition = entry.position
          status = keyStatus(entries, entry, context.now)
        }
      }
      return { ok: true, keyId, keyPosition, keyStatus: status }
    },
  }
  return withHandshake(check, (request) => {
    const raw = queryOf(request).get('validationToken')
    if (raw === null) return undefined
    const token = safeChallenge(raw)
    return token === undefined
      ? handshakeError('ERR_WEBHOOK_SIGNATURE_MALFORMED')
      : textResponse(token)
  })
}
