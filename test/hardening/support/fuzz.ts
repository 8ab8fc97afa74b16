/**
 * The fuzz loop for one subject: a plan of operations on a genuine delivery, the oracle's verdict,
 * the verifier's answer, and the checks that tie them together.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { createVerifier, type VerifyResult, type WebhookRequest } from '@hookwarden/core'
import { assertSoundRejection } from './invariants.js'
import { renderBody, renderHeaders, verdict, type State, type Verdict } from './model.js'
import { applyOps, planArb, type Plan } from './mutations.js'
import { fcParams, FUZZ_VERBOSE, runsFor } from './runs.js'
import { BODY_CANARY, NOW, type Genuine, type Subject } from './subjects.js'

export interface FuzzStats {
  runs: number
  verdicts: Record<Verdict, number>
  accepted: number
  codes: Record<string, number>
  headersFallback: number
}

export function toRequest(state: State): { request: WebhookRequest; fallback: boolean } {
  const { headers, container } = renderHeaders(state)
  return {
    request: { method: state.method.text, url: state.url.text, headers, body: renderBody(state) },
    fallback: state.container === 'headers' && container !== 'headers',
  }
}

const describePlan = (plan: Plan) =>
  JSON.stringify(plan, (_key, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
  )

function describeRequest(request: WebhookRequest): string {
  const headers =
    request.headers instanceof Headers ? Object.fromEntries(request.headers) : request.headers
  const body = request.body
  const bytes =
    typeof body === 'string'
      ? body
      : Buffer.from(body instanceof ArrayBuffer ? new Uint8Array(body) : body).toString('hex')
  return JSON.stringify({ method: request.method, url: request.url, headers, body: bytes })
}

/** On acceptance: the verified webhook carries exactly what was genuinely signed. */
function assertFaithful(
  result: VerifyResult & { ok: true },
  state: State,
  genuine: Genuine,
  reference: VerifyResult,
): void {
  if (!reference.ok) throw new Error('the genuine delivery was rejected')
  const body = result.webhook.body
  // A form-signing scheme delivers the bytes received, which must decode to the signed text.
  const canonical = state.bodyCanonical
  const expected = state.bodySigned && canonical === undefined ? genuine.body : state.body
  if (Buffer.compare(Buffer.from(body), Buffer.from(expected)) !== 0)
    throw new Error('accepted with a body that was not signed')
  if (state.bodySigned && canonical && canonical(body) !== canonical(genuine.body))
    throw new Error('accepted with a body that was not signed')
  if (result.webhook.timestamp?.getTime() !== reference.webhook.timestamp?.getTime()) {
    throw new Error('accepted with a timestamp that was not signed')
  }
  if (result.webhook.id !== reference.webhook.id)
    throw new Error('accepted with a delivery id that was not signed')
}

export async function fuzzSubject(subject: Subject, share = subject.share): Promise<FuzzStats> {
  const verifier = createVerifier(subject.check, { clock: () => NOW })
  const canaries = [
    ...subject.canaries,
    BODY_CANARY,
    ...subject.genuine.flatMap((g) => Object.values(g.signed).filter((v) => v.length >= 16)),
  ]
  // Every genuine delivery is accepted, in every container: the oracle's starting point.
  const references: VerifyResult[] = []
  for (const genuine of subject.genuine) {
    for (const container of ['headers', 'arrays', 'record'] as const) {
      const state = { ...genuine.state, container }
      const result = await verifier.verify(toRequest(state).request)
      expect(
        result.ok ? 'accepted' : result.error.code,
        `${subject.name}: genuine delivery (${container})`,
      ).toBe('accepted')
      if (container === 'record') references.push(result)
    }
  }

  const stats: FuzzStats = {
    runs: 0,
    verdicts: { accept: 0, reject: 0, either: 0 },
    accepted: 0,
    codes: {},
    headersFallback: 0,
  }
  const numRuns = runsFor(share)
  await fc.assert(
    fc.asyncProperty(planArb, async (plan: Plan) => {
      const index = plan.base % subject.genuine.length
      const genuine = subject.genuine[index]!
      const state = applyOps(genuine.state, plan.ops, subject.decoys)
      const expected = verdict(state)
      const { request, fallback } = toRequest(state)
      let result: VerifyResult
      try {
        result = await verifier.verify(request)
      } catch (error) {
        throw new Error(
          `verify threw ${String(error)} for ${describeRequest(request)} (plan ${describePlan(plan)})`,
          {
            cause: error,
          },
        )
      }
      stats.runs++
      stats.verdicts[expected]++
      if (fallback) stats.headersFallback++
      if (result.ok) {
        stats.accepted++
        if (expected === 'reject') {
          throw new Error(
            `FORGERY: accepted ${describeRequest(request)} (plan ${describePlan(plan)})`,
          )
        }
        assertFaithful(result, state, genuine, references[index]!)
      } else {
        stats.codes[result.error.code] = (stats.codes[result.error.code] ?? 0) + 1
        if (expected === 'accept') {
          throw new Error(
            `lost a genuine delivery (${result.error.code}): ${describeRequest(request)} (plan ${describePlan(plan)})`,
          )
        }
        assertSoundRejection(result.error, canaries, stats.runs % 64 === 0)
      }
    }),
    fcParams(numRuns),
  )
  if (FUZZ_VERBOSE) console.info(`[fuzz] ${subject.name}: ${JSON.stringify(stats)}`)
  // Not vacuous: most runs must be judged, and both answers must occur.
  expect(stats.runs).toBe(numRuns)
  if (numRuns >= 500) {
    // Credentials do not bind the body: body changes are tolerated there, so fewer forgeries.
    // With anyOf and both credentials sent, only breaking both is a forgery attempt.
    const forgeries = subject.bodySigned ? 0.4 : (subject.alternatives?.length ?? 1) > 1 ? 0.1 : 0.2
    expect(stats.verdicts.reject, `${subject.name}: forgeries tried`).toBeGreaterThan(
      numRuns * forgeries,
    )
    expect(stats.verdicts.accept, `${subject.name}: tolerated changes tried`).toBeGreaterThan(
      numRuns * 0.02,
    )
    expect(stats.accepted).toBeGreaterThan(0)
  }
  return stats
}
