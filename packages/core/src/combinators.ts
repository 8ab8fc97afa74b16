/**
 * Composing checks: `allOf` (every one must pass) and `anyOf` (the first that passes wins).
 */
import {
  signerOf,
  withInspection,
  withSigner,
  type Check,
  type CheckResult,
  type CheckSuccess,
} from './check.js'
import { WebhookConfigError, type WebhookVerificationError } from './errors.js'
import type { NonEmpty } from './lib/non-empty.js'

function validate(kind: string, checks: readonly Check[]): asserts checks is NonEmpty<Check> {
  if (checks.length === 0) throw new WebhookConfigError(`${kind}: at least one check is required`)
  for (const c of checks) {
    if (typeof c?.verify !== 'function')
      throw new WebhookConfigError(`${kind}: every argument must be a check`)
  }
}

/**
 * Passes only when every check passes, in order; the first failure is returned. Use it for a
 * signature plus credentials (Solvimon: `allOf(hmac(...), basicAuth(...))`).
 *
 * @example
 * const check = allOf(
 *   hmac({ header: 'x-signature', encoding: 'hex', secrets: process.env['WEBHOOK_SECRET'] ?? '' }),
 *   apiKey({ header: 'x-api-key', keys: process.env['WEBHOOK_API_KEY'] ?? '' }),
 * )
 */
export function allOf(...checks: Check[]): Check {
  validate('allOf', checks)
  const check: Check = {
    name: checks.map((c) => c.name).join('+'),
    ...inherited(checks),
    async verify(request, context) {
      let merged: CheckSuccess = { ok: true }
      for (const c of checks) {
        const result = await c.verify(request, context)
        if (!result.ok) return result
        merged = {
          ok: true,
          keyId: merged.keyId ?? result.keyId,
          keyPosition: merged.keyPosition ?? result.keyPosition,
          // Any part signed with an old secret is the "not rolled yet" signal for the whole.
          keyStatus:
            result.keyStatus === 'previous' ? 'previous' : (merged.keyStatus ?? result.keyStatus),
          id: merged.id ?? result.id,
          timestamp: merged.timestamp ?? result.timestamp,
          replayKey: merged.replayKey ?? result.replayKey,
          expiresAt: merged.replayKey === undefined ? result.expiresAt : merged.expiresAt,
        }
      }
      return merged
    },
  }
  const signer = withSigner(check, async (input) => {
    const headers: Record<string, string> = {}
    for (const c of checks) Object.assign(headers, await signerOf(c)?.(input))
    return headers
  })
  return withInspection(signer, { kind: 'allOf', name: check.name, checks: [...checks] })
}

/**
 * What a composition inherits from its parts: the widest tolerance (the replay TTL must cover it)
 * and their handshakes, the first part that recognises one answering it.
 */
function inherited(checks: readonly Check[]): Pick<Check, 'tolerance' | 'handshake'> {
  const tolerances = checks.flatMap((c) => (c.tolerance === undefined ? [] : [c.tolerance]))
  const tolerance = tolerances.length === 0 ? undefined : Math.max(...tolerances)
  const shakers = checks.filter((c) => c.handshake !== undefined)
  if (shakers.length === 0) return { tolerance }
  return {
    tolerance,
    async handshake(request, context) {
      for (const c of shakers) {
        const answer = await c.handshake?.(request, context)
        if (answer !== undefined) return answer
      }
      return undefined
    },
  }
}

const isMissing = (error: WebhookVerificationError) => error.code.endsWith('_MISSING')

/**
 * Passes when any check passes, tried in order. On failure it reports the most telling error: a
 * wrong credential or signature rather than the absence of another method's header.
 *
 * @example
 * const check = anyOf(
 *   basicAuth({ credentials: { username: 'hooks', password: process.env['HOOK_PASSWORD'] ?? '' } }),
 *   apiKey({ header: 'x-api-key', keys: process.env['WEBHOOK_API_KEY'] ?? '' }),
 * )
 */
export function anyOf(...checks: Check[]): Check {
  validate('anyOf', checks)
  const [first, ...rest] = checks // validate: at least one
  const check: Check = {
    name: checks.map((c) => c.name).join('|'),
    ...inherited(checks),
    async verify(request, context): Promise<CheckResult> {
      const result = await first.verify(request, context)
      if (result.ok) return result
      let failure = result.error
      for (const c of rest) {
        const next = await c.verify(request, context)
        if (next.ok) return next
        if (isMissing(failure) && !isMissing(next.error)) failure = next.error
      }
      return { ok: false, error: failure }
    },
  }
  const signer = withSigner(check, async (input) => (await signerOf(first)?.(input)) ?? {})
  return withInspection(signer, { kind: 'anyOf', name: check.name, checks: [...checks] })
}
