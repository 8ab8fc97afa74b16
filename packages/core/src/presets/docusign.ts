import { signerOf, withInspection, withSigner, type Check } from '../check.js'
import { hmac } from '../checks/hmac.js'
import { presetOptions } from '../lib/preset.js'
import { MAX_SIGNATURES } from '../lib/signature-header.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { Secrets } from '../secrets.js'

export interface DocuSignOptions {
  /** Connect HMAC key(s), UTF-8, as shown once in Connect > Connect Keys; several during a rotation. */
  secret: Secrets
}

const PREFIX = 'x-docusign-signature-'
/** The numbered headers are gathered under the first one's name (what `diagnose` then reports). */
const GATHERED = 'x-docusign-signature-1'

/**
 * The request with `X-DocuSign-Signature-1`, `-2`, … (up to `MAX_SIGNATURES`, stopping at the
 * first gap) gathered into one `s,<b64>` token list for `hmac`.
 */
function gather(request: ParsedWebhookRequest): ParsedWebhookRequest {
  const tokens: string[] = []
  for (let i = 1; i <= MAX_SIGNATURES; i++) {
    const value = request.header(`${PREFIX}${i}`)
    if (value === undefined) break
    tokens.push(`s,${value.trim()}`)
  }
  const joined = tokens.length === 0 ? undefined : tokens.join(' ')
  return {
    method: request.method,
    url: request.url,
    body: request.body,
    header: (name) => (name.toLowerCase() === GATHERED ? joined : request.header(name)),
  }
}

/**
 * DocuSign Connect (HMAC security): `X-DocuSign-Signature-1`, `-2`, … one Base64 HMAC-SHA256 of
 * the raw body per HMAC key active on the account; any may match. The first ten headers are
 * read. No signed timestamp: use a replay store.
 *
 * Failures: `ERR_WEBHOOK_SIGNATURE_MISSING` (no `-1` header), `_MALFORMED`, `_MISMATCH`.
 *
 * @example
 * const verifier = createVerifier(presets.docusign({ secret: process.env['DOCUSIGN_HMAC_KEY'] ?? '' }))
 * @see https://developers.docusign.com/platform/webhooks/connect/validate/
 */
export function docusign(options: DocuSignOptions): Check {
  const opts = presetOptions(options, 'docusign', ['secret'], { secret: 'the Connect HMAC key' })
  const inner = hmac({
    name: 'docusign',
    header: GATHERED,
    format: { tokens: 's' },
    encoding: 'base64',
    secrets: opts.secret,
  })
  const check: Check = {
    name: 'docusign',
    verify: (request, context) => inner.verify(gather(request), context),
  }
  const signer = signerOf(inner)
  const signed =
    signer === undefined
      ? check
      : withSigner(check, async (input) => {
          const headers = await signer(input)
          const token = headers[GATHERED] ?? ''
          return { [`${PREFIX}1`]: token.slice(token.indexOf(',') + 1) }
        })
  return withInspection(signed, { kind: 'target', name: 'docusign', check: inner, map: gather })
}
