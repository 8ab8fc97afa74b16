/**
 * `diagnose`: verify a webhook and, when it is rejected, say why in plain sentences.
 */
import { inspectionOf, type Check } from '../check.js'
import type { VerificationErrorCode } from '../errors.js'
import { parseWebhookRequest, type HeadersInput, type WebhookRequest } from '../request.js'
import { createVerifier, type VerifierOptions, type VerifyResult } from '../verifier.js'
import { diagnoseCredentials } from './credentials.js'
import type { DiagnosisEnv } from './env.js'
import { finding, type Finding } from './finding.js'
import { diagnoseSignature } from './signature.js'

/** The verifier options `diagnose` honours (no replay store: diagnosing must not consume a delivery). */
export type DiagnoseOptions = Pick<VerifierOptions, 'tolerance' | 'clock' | 'maxBodyBytes'>

/** The verification result and, when it failed, the probable causes. */
export interface Diagnosis {
  readonly result: VerifyResult
  /** Empty when the webhook was accepted. */
  readonly findings: readonly Finding[]
}

/** Lower-case header names, in order, without duplicates. */
function headerNames(headers: HeadersInput): string[] {
  const names = new Set<string>()
  if (
    typeof (headers as Headers).forEach === 'function' &&
    typeof (headers as Headers).get === 'function'
  ) {
    ;(headers as Headers).forEach((_, name) => names.add(name.toLowerCase()))
  } else {
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined) names.add(name.toLowerCase())
  }
  return [...names]
}

interface Outcome {
  readonly code: VerificationErrorCode | undefined
  readonly findings: Finding[]
}

async function diagnoseCheck(check: Check, env: DiagnosisEnv): Promise<Outcome> {
  const result = await check.verify(env.request, { now: env.now, tolerance: env.tolerance })
  if (result.ok) return { code: undefined, findings: [] }
  const code = result.error.code
  const inspection = inspectionOf(check)
  if (inspection === undefined) {
    const message = `${check.name} rejected the request with ${code}; it does not describe itself, so there is nothing more to say.`
    return { code, findings: [finding('DIAG_NOT_INSPECTABLE', message)] }
  }
  switch (inspection.kind) {
    case 'signature':
      return { code, findings: await diagnoseSignature(inspection, env, code) }
    case 'basicAuth':
    case 'apiKey':
      return { code, findings: diagnoseCredentials(inspection, env) }
    case 'target':
      return diagnoseCheck(inspection.check, { ...env, request: inspection.map(env.request) })
    case 'allOf': {
      const findings: Finding[] = []
      for (const child of inspection.checks)
        findings.push(...(await diagnoseCheck(child, env)).findings)
      return { code, findings }
    }
    case 'anyOf': {
      const outcomes: Outcome[] = []
      for (const child of inspection.checks) outcomes.push(await diagnoseCheck(child, env))
      // As anyOf reports: a wrong signature or credential says more than another method's absence.
      const telling = outcomes.filter((o) => o.code !== undefined && !o.code.endsWith('_MISSING'))
      return {
        code,
        findings: (telling.length > 0 ? telling : outcomes).flatMap((o) => o.findings),
      }
    }
  }
}

// example prelude: declare const capturedRequest: WebhookRequest
/**
 * Verifies `request` with `check` and, when it is rejected, explains why: a body parser changed
 * the bytes (re-serialised JSON, a trailing newline), the signature is Base64 where hex is
 * expected (or the reverse), it matches a secret that expired or is not valid yet, the timestamp is
 * outside the tolerance (clock skew), the sender uses another separator in the signed content, the
 * signature header is missing or under another name, a Basic password is wrong, a credential
 * header is missing.
 *
 * **Development use only**: it tries many alterations of the request and every configured key, so
 * never call it on the request path of a production response (use `createVerifier`). Findings are
 * written for people and never contain a secret, a signature, a credential or body bytes. Throws
 * `WebhookConfigError` where `verifyWebhook` would.
 *
 * @example
 * const check = presets.stripe({ secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? '' })
 * const { result, findings } = await diagnose(capturedRequest, check)
 * for (const f of findings) console.info(f.code, f.message) // DIAG_BODY_RESERIALISED ...
 */
export async function diagnose(
  request: WebhookRequest,
  check: Check,
  options: DiagnoseOptions = {},
): Promise<Diagnosis> {
  const now = (options.clock ?? Date.now)()
  const verifier = createVerifier(check, { ...options, clock: () => now })
  const result = await verifier.verify(request)
  if (result.ok || result.error.code === 'ERR_WEBHOOK_BODY_TOO_LARGE')
    return { result, findings: [] }
  const env: DiagnosisEnv = {
    request: parseWebhookRequest(request),
    headerNames: headerNames(request.headers ?? {}),
    now,
    tolerance: options.tolerance,
  }
  const { findings } = await diagnoseCheck(check, env)
  // The same cause can surface under two children (Svix's `svix-*` and `webhook-*` sets).
  const unique = new Map(findings.map((f) => [`${f.code} ${f.message}`, f]))
  return { result, findings: [...unique.values()] }
}
