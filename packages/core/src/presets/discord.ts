import type { Check } from '../check.js'
import { ed25519 } from '../checks/ed25519.js'
import { emptyResponse, jsonResponse, smallJsonObject } from '../lib/handshake.js'
import type { PublicKeys } from '../lib/key-set.js'
import { presetOptions, toleranceOption, withHandshake } from '../lib/preset.js'

export interface DiscordOptions {
  /** The application's public key from the Developer Portal: 64 hex characters (32 bytes). */
  publicKey: PublicKeys
  /** Seconds; default 300 (Discord documents none), in both directions; `0` disables. */
  tolerance?: number
}

/** Interaction PING (`type: 1`) or webhook-events PING (`type: 0`), from the body. */
function pingKind(body: Record<string, unknown> | undefined): 'interaction' | 'event' | undefined {
  if (body === undefined) return undefined
  // A webhook event (`type: 1`) carries `event`; an interaction PING never does.
  if (body['type'] === 1 && !('event' in body)) return 'interaction'
  if (body['type'] === 0) return 'event'
  return undefined
}

/**
 * Discord interactions and webhook events: Ed25519 over `{timestamp}{body}`, hex in
 * `X-Signature-Ed25519`, unix seconds in `X-Signature-Timestamp`. Discord probes endpoints with
 * bad signatures and expects 401, which every failure here gives.
 *
 * Handshake: PINGs are signed like everything else; once one verifies, the preset answers an
 * interaction PING (`type: 1`) with `{"type":1}` (PONG) and a webhook-events PING (`type: 0`)
 * with 204 and no body.
 *
 * @example
 * const check = presets.discord({ publicKey: process.env['DISCORD_PUBLIC_KEY'] ?? '' })
 * @see https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 * @see https://discord.com/developers/docs/events/webhook-events#responding-to-ping
 */
export function discord(options: DiscordOptions): Check {
  const opts = presetOptions(options, 'discord', ['publicKey', 'tolerance'], {
    publicKey: "the application's public key from the Developer Portal",
  })
  const check = ed25519({
    name: 'discord',
    header: 'x-signature-ed25519',
    timestamp: { header: 'x-signature-timestamp' },
    content: '{timestamp}{body}',
    encoding: 'hex',
    keys: opts.publicKey,
    ...toleranceOption(opts.tolerance),
  })
  return withHandshake(check, async (request, context) => {
    const kind = pingKind(smallJsonObject(request))
    if (kind === undefined) return undefined
    const verified = await check.verify(request, context)
    if (!verified.ok) return verified
    return kind === 'interaction' ? jsonResponse({ type: 1 }) : emptyResponse(204)
  })
}
