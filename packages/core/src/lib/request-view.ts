/**
 * A check run on a rewritten view of the request, for senders whose signed bytes or header layout
 * are not what arrives: Twilio and Mandrill sign the URL plus sorted form parameters, Recurly lists
 * signatures positionally. Internal: never re-exported.
 */
import {
  signerOf,
  withInspection,
  withSigner,
  type Check,
  type CheckResult,
  type SignInput,
} from '../check.js'
import { WebhookVerificationError, type VerificationErrorCode } from '../errors.js'
import type { ParsedWebhookRequest } from '../request.js'

/** The views to try in order (the first that passes wins), or why there is none. */
export type RequestViews =
  readonly [ParsedWebhookRequest, ...ParsedWebhookRequest[]] | VerificationErrorCode

export interface RequestViewOptions {
  /** How `check` should see a received request. */
  view(request: ParsedWebhookRequest): RequestViews
  /** For `signRequest`: the input the inner signer signs (default: unchanged). */
  signInput?(input: SignInput): SignInput
  /** For `signRequest`: the sender's headers from the inner signer's (default: unchanged). */
  signHeaders?(headers: Record<string, string>): Record<string, string>
}

/**
 * `check` verified against each view of the request; the first failure is reported when none
 * passes. The verified body stays the received one: views only change what the check reads.
 */
export function withRequestView(check: Check, options: RequestViewOptions): Check {
  const wrapped: Check = {
    name: check.name,
    tolerance: check.tolerance,
    async verify(request, context): Promise<CheckResult> {
      const views = options.view(request)
      if (typeof views === 'string')
        return { ok: false, error: new WebhookVerificationError(views) }
      const [first, ...others] = views
      const result = await check.verify(first, context)
      if (result.ok) return result
      for (const view of others) {
        const next = await check.verify(view, context)
        if (next.ok) return next
      }
      return result
    },
  }
  const map = (request: ParsedWebhookRequest): ParsedWebhookRequest => {
    const views = options.view(request)
    return typeof views === 'string' ? request : views[0]
  }
  const inspected = withInspection(wrapped, { kind: 'target', name: check.name, check, map })
  const signer = signerOf(check)
  if (signer === undefined) return inspected
  return withSigner(inspected, async (input) => {
    const headers = await signer(options.signInput?.(input) ?? input)
    return options.signHeaders?.(headers) ?? headers
  })
}
