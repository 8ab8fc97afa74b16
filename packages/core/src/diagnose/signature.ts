/**
 * Why a signature check failed: the header (missing, elsewhere, wrong layout or prefix), the
 * encoding, the timestamp, and which bytes, template or key the signature does match.
 */
import type { VerificationErrorCode } from '../errors.js'
import { decode, encode, type SignatureEncoding } from '../lib/encoding.js'
import type { SignatureInspection } from '../lib/inspection.js'
import { parseSignatureHeader, type SignatureHeader } from '../lib/signature-header.js'
import { compileTemplate, renderTemplate, type Template } from '../lib/template.js'
import {
  checkTolerance,
  parseTimestamp,
  TIMESTAMP_FORMATS,
  type TimestampFormat,
} from '../lib/timestamp.js'
import type { ParsedWebhookRequest } from '../request.js'
import type { DiagnosisEnv } from './env.js'
import { finding, instant, seconds, type Finding, type FindingCode } from './finding.js'
import { KNOWN_SIGNATURE_HEADERS } from './known-headers.js'
import { keyLabel, windowFinding } from './key-window.js'
import { layoutOf } from './layout.js'
import { bodyVariants, hasSortedKeys, templateVariants } from './variants.js'

const ENCODINGS: readonly SignatureEncoding[] = ['hex', 'base64', 'base64url']
const ENCODING_NAMES: Readonly<Record<SignatureEncoding, string>> = {
  hex: 'hex',
  base64: 'Base64',
  base64url: 'Base64url',
}
const FORMAT_NAMES: Readonly<Record<TimestampFormat, string>> = {
  unix: 'Unix seconds',
  'unix-ms': 'Unix milliseconds',
  iso8601: 'an ISO-8601 instant',
  'iso8601-utc': 'an ISO-8601 instant (UTC when no zone is given)',
}
/** A timestamp read in the wrong unit lands decades away; five years tells the two apart. */
const PLAUSIBLE_MS = 5 * 365 * 86_400_000

const expected = (inspection: SignatureInspection) =>
  inspection.encodings.map((e) => ENCODING_NAMES[e]).join(' or ')

const nounOf = (inspection: SignatureInspection) =>
  inspection.algorithm === 'hmac' ? 'secret' : 'public key'

/** `text` in an encoding the check does not take, when that gives a signature the check could read. */
function decodeForeign(
  inspection: SignatureInspection,
  text: string,
): { bytes: Uint8Array; encoding: SignatureEncoding } | undefined {
  for (const encoding of ENCODINGS) {
    if (inspection.encodings.includes(encoding)) continue
    const bytes = decode(text, encoding)
    if (
      bytes !== undefined &&
      inspection.decode(encode(bytes, inspection.encodings[0])) !== undefined
    ) {
      return { bytes, encoding }
    }
  }
  return undefined
}

/** `request` with `header` answering `value`: the signature read from another header. */
function withHeader(
  request: ParsedWebhookRequest,
  header: string,
  value: string,
): ParsedWebhookRequest {
  return {
    ...request,
    header: (name) => (name.toLowerCase() === header ? value : request.header(name)),
  }
}

/** Whether `value`, read as this check's signature header, parses (`'parses'`) or also verifies (`'match'`). */
async function tryHeaderValue(
  inspection: SignatureInspection,
  env: DiagnosisEnv,
  value: string,
): Promise<'match' | 'parses' | undefined> {
  const parsed = parseSignatureHeader(value, inspection.format, inspection.prefix)
  const signatures = parsed?.signatures.map((text) => inspection.decode(text))
  if (parsed === undefined || signatures === undefined || signatures.some((s) => s === undefined))
    return undefined
  const request = withHeader(env.request, inspection.header, value)
  try {
    const ts = inspection.readTimestamp(request, parsed.params)
    const id = inspection.readId(request, parsed.params)
    const template = compileTemplate(inspection.content, inspection.name)
    const content = renderTemplate(template, request.body, inspection.values(request, ts, id))
    const key = await inspection.match(request, parsed.params, content, signatures as Uint8Array[])
    return key === undefined ? 'parses' : 'match'
  } catch {
    return 'parses'
  }
}

async function missingHeader(
  inspection: SignatureInspection,
  env: DiagnosisEnv,
): Promise<Finding[]> {
  const own = new Set([inspection.header, inspection.timestamp?.name, inspection.id?.name])
  const findings: Finding[] = []
  for (const name of env.headerNames) {
    if (own.has(name)) continue
    const value = env.request.header(name)
    if (value === undefined) continue
    const attempt = await tryHeaderValue(inspection, env, value)
    const senders = KNOWN_SIGNATURE_HEADERS[name]
    if (attempt === 'match') {
      findings.push(
        finding(
          'DIAG_SIGNATURE_HEADER_ELSEWHERE',
          `There is no \`${inspection.header}\` header, but the signature under \`${name}\` verifies: ` +
            `the sender (or a proxy) names the header differently. Read the signature from \`${name}\`.`,
        ),
      )
    } else if (senders !== undefined) {
      findings.push(
        finding(
          'DIAG_SIGNATURE_HEADER_ELSEWHERE',
          `There is no \`${inspection.header}\` header, but there is \`${name}\`, the signature header ` +
            `of ${senders.join(', ')}: the delivery probably comes from another sender, or the check ` +
            'uses the wrong preset.',
        ),
      )
    } else if (attempt === 'parses') {
      findings.push(
        finding(
          'DIAG_SIGNATURE_HEADER_ELSEWHERE',
          `There is no \`${inspection.header}\` header, but \`${name}\` holds a value in the layout this ` +
            `check expects (it matches no configured ${nounOf(inspection)}): is the header named differently?`,
        ),
      )
    }
  }
  if (findings.length > 0) return findings
  const names = env.headerNames.length === 0 ? '(none)' : env.headerNames.join(', ')
  return [
    finding(
      'DIAG_SIGNATURE_HEADER_MISSING',
      `The request has no \`${inspection.header}\` header, where ${inspection.name} reads its signature, ` +
        `and no other header holds one. Headers received: ${names}. The sender may not sign this ` +
        'endpoint, or a proxy removed the header.',
    ),
  ]
}

/** The header parsed as configured, else without the prefix (with a finding saying so). */
function parseHeader(
  inspection: SignatureInspection,
  raw: string,
  findings: Finding[],
): SignatureHeader | undefined {
  const parsed = parseSignatureHeader(raw, inspection.format, inspection.prefix)
  if (parsed !== undefined) return parsed
  if (inspection.prefix !== undefined) {
    const bare = parseSignatureHeader(raw, inspection.format, undefined)
    if (bare !== undefined) {
      findings.push(
        finding(
          'DIAG_SIGNATURE_PREFIX',
          `The signature in \`${inspection.header}\` lacks the \`${inspection.prefix}\` prefix this check ` +
            'requires before each signature.',
        ),
      )
      return bare
    }
  }
  findings.push(
    finding(
      'DIAG_SIGNATURE_FORMAT',
      `The \`${inspection.header}\` header is not in the layout ${inspection.name} expects ` +
        `(\`${layoutOf(inspection)}\`), or holds more entries than the cap.`,
    ),
  )
  return undefined
}

interface Decoded {
  readonly signatures: Uint8Array[]
  /** The other encoding the signature turned out to be in, if any. */
  readonly foreign: SignatureEncoding | undefined
}

function decodeSignatures(
  inspection: SignatureInspection,
  texts: readonly string[],
  findings: Finding[],
): Decoded {
  const signatures: Uint8Array[] = []
  let foreign: SignatureEncoding | undefined
  let stray = false
  for (const text of texts) {
    const bytes = inspection.decode(text)
    if (bytes !== undefined) {
      signatures.push(bytes)
      continue
    }
    const other = decodeForeign(inspection, text)
    if (other !== undefined) {
      signatures.push(other.bytes)
      foreign ??= other.encoding
      continue
    }
    // A version or algorithm tag the check does not expect, such as `sha256=` before the digest.
    const tagged = /^[A-Za-z0-9]{1,16}=(.+)$/.exec(text)?.[1]
    const untagged =
      tagged === undefined
        ? undefined
        : (inspection.decode(tagged) ?? decodeForeign(inspection, tagged)?.bytes)
    if (untagged !== undefined) {
      signatures.push(untagged)
      stray = true
    }
  }
  if (stray) {
    findings.push(
      finding(
        'DIAG_SIGNATURE_PREFIX',
        `The signature in \`${inspection.header}\` carries a \`name=\` tag before the digest that ` +
          `${inspection.name} does not expect${inspection.prefix === undefined ? '' : ` (it expects \`${inspection.prefix}\`)`}.`,
      ),
    )
  }
  if (signatures.length === 0) {
    findings.push(
      finding(
        'DIAG_SIGNATURE_FORMAT',
        `The signature in \`${inspection.header}\` is not ${expected(inspection)} of the length ` +
          `${inspection.name} expects, nor another common encoding of such a signature.`,
      ),
    )
  }
  return { signatures, foreign }
}

/** The signed timestamp text (when the check has one) and the findings about it. */
function readTimestamp(
  inspection: SignatureInspection,
  env: DiagnosisEnv,
  params: ReadonlyMap<string, string>,
  findings: Finding[],
): { ok: boolean; text: string | undefined; skewed: boolean } {
  const source = inspection.timestamp
  if (source === undefined) return { ok: true, text: undefined, skewed: false }
  const where =
    source.source === 'header'
      ? `the \`${source.name}\` header`
      : source.source === 'param'
        ? `\`${source.name}=\` in \`${inspection.header}\``
        : 'the request body'
  const text = inspection.readTimestamp(env.request, params)
  if (text === undefined) {
    findings.push(
      finding(
        'DIAG_TIMESTAMP_MISSING',
        `No timestamp in ${where}: ${inspection.name} needs one, and signs it.`,
      ),
    )
    return { ok: false, text, skewed: false }
  }
  let signedAt = parseTimestamp(text.trim(), source.format)
  if (signedAt === undefined || Math.abs(signedAt - env.now) > PLAUSIBLE_MS) {
    const other = TIMESTAMP_FORMATS.find((format) => {
      const ms = format === source.format ? undefined : parseTimestamp(text.trim(), format)
      return ms !== undefined && Math.abs(ms - env.now) <= PLAUSIBLE_MS
    })
    if (other !== undefined) {
      findings.push(
        finding(
          'DIAG_TIMESTAMP_FORMAT',
          `The timestamp in ${where} looks like ${FORMAT_NAMES[other]}, but ${inspection.name} reads ` +
            `${FORMAT_NAMES[source.format]}.`,
        ),
      )
      signedAt = parseTimestamp(text.trim(), other)
    } else if (signedAt === undefined) {
      findings.push(
        finding(
          'DIAG_TIMESTAMP_FORMAT',
          `The timestamp in ${where} is not ${FORMAT_NAMES[source.format]}, as ${inspection.name} expects.`,
        ),
      )
    }
  }
  const tolerance = env.tolerance ?? inspection.tolerance
  const late = signedAt === undefined ? undefined : checkTolerance(signedAt, env.now, tolerance)
  if (signedAt !== undefined && late !== undefined) {
    const gap = seconds(env.now - signedAt)
    const when = `The signed timestamp (${instant(signedAt)}) is ${gap} seconds`
    findings.push(
      finding(
        'DIAG_TIMESTAMP_SKEW',
        late === 'ERR_WEBHOOK_TIMESTAMP_TOO_OLD'
          ? `${when} older than the verification time (${instant(env.now)}); the tolerance is ` +
              `${tolerance} seconds: the delivery was held back or replayed, or a clock is off. To ` +
              're-check an old capture, verify with the clock set to when it was received.'
          : `${when} in the future of the verification time (${instant(env.now)}); the tolerance is ` +
              `${tolerance} seconds: the sender's clock runs ahead or the receiver's behind (check NTP).`,
      ),
    )
  }
  return { ok: true, text, skewed: late !== undefined }
}

function encodingFinding(
  inspection: SignatureInspection,
  foreign: SignatureEncoding,
  matched: string | undefined,
): Finding {
  const name = ENCODING_NAMES[foreign]
  return finding(
    'DIAG_SIGNATURE_ENCODING',
    `The signature in \`${inspection.header}\` is ${name}, but ${inspection.name} expects ` +
      `${expected(inspection)}: the sender encodes the signature differently than configured (or this ` +
      `is the wrong preset). ${matched === undefined ? `Decoded as ${name}, it matches no configured ${nounOf(inspection)} either.` : `Decoded as ${name}, it matches the ${matched}.`}`,
  )
}

/**
 * Findings for a signature check that rejected `env.request` with `code`.
 */
export async function diagnoseSignature(
  inspection: SignatureInspection,
  env: DiagnosisEnv,
  code: VerificationErrorCode,
): Promise<Finding[]> {
  const raw = env.request.header(inspection.header)
  if (raw === undefined) return missingHeader(inspection, env)
  const findings: Finding[] = []
  const parsed = parseHeader(inspection, raw, findings)
  if (parsed === undefined) return findings
  const { signatures, foreign } = decodeSignatures(inspection, parsed.signatures, findings)
  if (signatures.length === 0) return findings
  const timestamp = readTimestamp(inspection, env, parsed.params, findings)
  if (!timestamp.ok) return findings
  const id = inspection.readId(env.request, parsed.params)
  if (inspection.id !== undefined && (id === undefined || id === '')) {
    findings.push(
      finding(
        'DIAG_ID_MISSING',
        `No delivery id in \`${inspection.id.name}\`: ${inspection.name} signs one.`,
      ),
    )
    return findings
  }
  if (code === 'ERR_WEBHOOK_KEY_UNAVAILABLE') {
    findings.push(
      finding(
        'DIAG_KEY_UNAVAILABLE',
        `The public keys for ${inspection.name} could not be fetched: check the JWKS URL and the network.`,
      ),
    )
    return findings
  }

  const noun = nounOf(inspection)
  const values = inspection.values(env.request, timestamp.text, id)
  const configured: Template = compileTemplate(inspection.content, inspection.name)
  const templates = [
    { template: configured, explanation: undefined as string | undefined },
    ...templateVariants(inspection.content).map((v) => ({
      template: compileTemplate(v.content, inspection.name),
      explanation: v.explanation,
    })),
  ]
  const bodies = [
    {
      body: env.request.body,
      explanation: undefined as string | undefined,
      code: undefined as FindingCode | undefined,
    },
    ...bodyVariants(env.request.body).map((v) => ({
      body: v.body,
      explanation: v.explanation,
      code:
        v.kind === 'json'
          ? ('DIAG_BODY_RESERIALISED' as const)
          : ('DIAG_BODY_TRAILING_NEWLINE' as const),
    })),
  ]
  for (const { template, explanation: how } of templates) {
    for (const { body, explanation: what, code: bodyCode } of bodies) {
      const content = renderTemplate(template, body, values)
      const key = await inspection.match(env.request, parsed.params, content, signatures)
      if (key === undefined) continue
      const label = keyLabel(key, noun)
      if (foreign !== undefined) findings.push(encodingFinding(inspection, foreign, label))
      if (how !== undefined) findings.push(finding('DIAG_TEMPLATE_MISMATCH', how))
      if (what !== undefined && bodyCode !== undefined) findings.push(finding(bodyCode, what))
      const window = windowFinding(key, env.now, noun, 'The signature')
      if (window !== undefined) findings.push(window)
      else if (timestamp.skewed && how === undefined && what === undefined) {
        findings.push(
          finding(
            'DIAG_SIGNATURE_MATCHES',
            `Apart from the timestamp, the signature is right: it matches the ${label}.`,
          ),
        )
      }
      return findings
    }
  }
  if (foreign !== undefined) findings.push(encodingFinding(inspection, foreign, undefined))
  const sortedKeys = hasSortedKeys(env.request.body)
  if (sortedKeys) {
    findings.push(
      finding(
        'DIAG_BODY_KEYS_SORTED',
        'The body is JSON with its keys in sorted order throughout, as a re-serialiser writes ' +
          "them (Go's encoding/json from a map, Python's json.dumps(sort_keys=True), a jsonb " +
          'column), and senders rarely do. Likely cause: something parsed the body and wrote it ' +
          "out again before verification, losing the sender's key order, so no secret can " +
          'match. Verify the exact raw bytes as received. (If these are the raw bytes, ignore ' +
          'this: the sender sorts its keys.)',
      ),
    )
  }
  findings.push(
    finding(
      'DIAG_SECRET_WRONG',
      `No configured ${noun} produced this signature over the body as received, nor over the usual ` +
        'alterations (re-serialised JSON, a trailing newline added or removed, another timestamp ' +
        `separator): ${sortedKeys ? 'unless the body was re-serialised (above), ' : 'most likely '}the ${noun} is wrong (` +
        (noun === 'secret'
          ? "a test-mode secret, another endpoint's secret, or one with stray whitespace or quotes"
          : "another account's or environment's key") +
        '), or the body was changed in another way.',
    ),
  )
  return findings
}
