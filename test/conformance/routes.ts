/**
 * The receivers every adapter mounts, one per path. Imports only `@hookwarden/core`, so the same
 * table is bundled into the edge-runtime workers.
 */
import {
  basicAuth,
  createVerifier,
  presets,
  type Check,
  type VerifiedWebhook,
  type Verifier,
} from '@hookwarden/core'

/** Secrets shared by the routes and the scenarios that sign for them. */
export const SECRETS = {
  // GitHub's documented example secret (docs: "Validating webhook deliveries").
  github: "It's a Secret to Everybody",
  stripe: 'whsec_conformance_stripe_secret',
  // The Standard Webhooks spec's example secret.
  standardWebhooks: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  basic: { username: 'acme', password: 'correct: horse battery' },
  slack: 'conformance slack signing secret',
  dropbox: 'conformance dropbox app secret',
} as const

export interface Route {
  check: Check | Verifier
  limit?: number
}

/** A check that throws: the adapter must answer 500 without leaking the message. */
const exploding: Check = {
  name: 'exploding',
  verify() {
    throw new Error('boom: internal detail that must not leak')
  },
}

/** Path → what is mounted there. */
export function createRoutes(): Record<string, Route> {
  const github = presets.github({ secret: SECRETS.github })
  return {
    '/github': { check: github },
    '/github-small': { check: github, limit: 1024 },
    '/stripe': { check: presets.stripe({ secret: SECRETS.stripe }) },
    // A Verifier (not a Check) with a verifier-level tolerance override.
    '/stripe-verifier': {
      check: createVerifier(presets.stripe({ secret: SECRETS.stripe }), { tolerance: 60 }),
    },
    '/standard': { check: presets.standardWebhooks({ secret: SECRETS.standardWebhooks }) },
    '/basic': { check: basicAuth({ credentials: SECRETS.basic }) },
    '/exploding': { check: exploding },
    // Endpoint handshakes: Slack's signed url_verification POST, Dropbox's GET ?challenge=.
    '/slack': { check: presets.slack({ secret: SECRETS.slack }) },
    '/dropbox': { check: presets.dropbox({ secret: SECRETS.dropbox }) },
  }
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')

/** What every downstream handler answers: proof of which bytes and which check it received. */
export async function echo(webhook: VerifiedWebhook): Promise<Record<string, unknown>> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(webhook.body))
  return {
    check: webhook.check,
    keyId: webhook.keyId ?? null,
    id: webhook.id ?? null,
    sha256: hex(digest),
  }
}

/** What the stats endpoint reports about an `onError` call. */
export interface ErrorRecord {
  path: string
  name: string
  code: string
  cause: string | null
}

export function errorRecord(path: string, error: Error & { code: string }): ErrorRecord {
  const cause = (error as { cause?: unknown }).cause
  return {
    path,
    name: error.name,
    code: error.code,
    cause: cause instanceof Error ? cause.message : null,
  }
}
