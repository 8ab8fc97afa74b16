import type { Check } from '../check.js'
import { ed25519 } from '../checks/ed25519.js'
import type { PublicKeys } from '../lib/key-set.js'
import { presetOptions, toleranceOption } from '../lib/preset.js'

export interface DiscordOptions {
  /** The application's public key from the Developer Portal: 64 hex characters (32 bytes). */
  publicKey: PublicKeys
  /** Seconds; default 300 (Discord documents none), in both directions; `0` disables. */
  tolerance?: number
}

/**
 * Discord interactions and webhook events: Ed25519 over `{timestamp}{body}`, hex in
 * `X-Signature-Ed25519`, unix seconds in `X-Signature-Timestamp`. Discord probes endpoints with
 * bad signatures and expects 401, which every failure here gives.
 *
 * @example
 * const check = presets.discord({ publicKey: process.env.DISCORD_PUBLIC_KEY! })
 * @see https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 */
export function discord(options: DiscordOptions): Check {
  const opts = presetOptions(options, 'discord', ['publicKey', 'tolerance'], {
    publicKey: "the application's public key from the Developer Portal",
  })
  return ed25519({
    name: 'discord',
    header: 'x-signature-ed25519',
    timestamp: { header: 'x-signature-timestamp' },
    content: '{timestamp}{body}',
    encoding: 'hex',
    keys: opts.publicKey,
    ...toleranceOption(opts.tolerance),
  })
}
