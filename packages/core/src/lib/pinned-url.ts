/**
 * Pinning the public URL a sender signs (Square's notification URL, HubSpot's target URL).
 * Internal: never re-exported.
 *
 * Both senders sign the URL and the body with nothing between them, so the seam moves: a request
 * to `…?tenant=ac` with body `me{…}` signs the same bytes as `…?tenant=acme` with body `{…}`.
 * Whoever holds one genuine delivery can shift bytes between query and body and still verify.
 * A pinned URL fixes the signed URL in configuration, so only the exact genuine body verifies.
 */
import type { Check } from '../check.js'
import { signerOf, inspectionOf, withInspection, withSigner } from '../check.js'
import { WebhookConfigError, WebhookVerificationError } from '../errors.js'

/**
 * Validates a pinned-URL option: the full http(s) URL the sender was given, or `undefined`.
 * `option` names it in the message (`'notificationUrl'`, `'targetUrl'`).
 */
export function pinnedUrlOption(
  value: unknown,
  preset: string,
  option: string,
): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/i.test(value)) {
    throw new WebhookConfigError(
      `${preset}: ${option} must be the full http(s) URL the sender calls, ` +
        `as configured with it (e.g. 'https://example.com/webhooks/${preset}')`,
    )
  }
  return value
}

/** The query of a URL as written (after the first `?`, before any `#`); `''` when there is none. */
function queryOf(url: string): string {
  const start = url.indexOf('?')
  if (start === -1) return ''
  const end = url.indexOf('#', start)
  return url.slice(start + 1, end === -1 ? undefined : end)
}

/**
 * `check` (already verifying against the pinned URL) that also rejects a request whose own `url`
 * carries another query than the pinned one (`ERR_WEBHOOK_SIGNATURE_MISMATCH`): the signature
 * covers the pinned query only, so a different one would reach the handler unauthenticated.
 * Scheme, host and path may differ (a proxy rewrites them); a request without `url` is fine.
 * `canonical` maps a query to the form the sender signs (HubSpot decodes a few escapes).
 */
export function withPinnedQuery(
  check: Check,
  pinned: string,
  canonical: (query: string) => string = (query) => query,
): Check {
  const expected = canonical(queryOf(pinned))
  const wrapped: Check = {
    name: check.name,
    tolerance: check.tolerance,
    verify(request, context) {
      const url = request.url
      // timing: public (the query of the URL the request was sent to, compared with configuration)
      if (url !== undefined && canonical(queryOf(url)) !== expected) {
        return { ok: false, error: new WebhookVerificationError('ERR_WEBHOOK_SIGNATURE_MISMATCH') }
      }
      return check.verify(request, context)
    },
  }
  const signer = signerOf(check)
  return withInspection(
    signer === undefined ? wrapped : withSigner(wrapped, signer),
    inspectionOf(check),
  )
}
