/**
 * Why `basicAuth` or `apiKey` failed: no header, another scheme or prefix, the key sent under
 * another header, a right username with a wrong password, or a retired credential. Nothing
 * presented or configured is ever quoted.
 */
import { parseBasicAuth } from '../checks/basic-auth.js'
import { utf8 } from '../lib/encoding.js'
import type { CredentialInspection } from '../lib/inspection.js'
import type { DiagnosisEnv } from './env.js'
import { finding, type Finding } from './finding.js'
import { keyLabel, windowFinding } from './key-window.js'

/** Scheme names safe to repeat in a message (a bare token would be a credential). */
const SCHEMES = ['Basic', 'Bearer', 'Digest', 'Token', 'Negotiate', 'ApiKey', 'HMAC']

/** A value with the usual scheme words removed: `Bearer k` → `k`. */
function withoutScheme(value: string): string | undefined {
  const match = /^(?:bearer|token|apikey)\s+(\S+)$/i.exec(value)
  return match?.[1]
}

function matchedOrWindow(
  inspection: CredentialInspection,
  env: DiagnosisEnv,
  presented: Uint8Array,
): Finding[] | undefined {
  const key = inspection.match(presented)
  if (key === undefined) return undefined
  const noun = inspection.kind === 'basicAuth' ? 'credential' : 'key'
  const window = windowFinding(key, env.now, noun, `The \`${inspection.header}\` value`)
  return window === undefined ? [] : [window]
}

function elsewhere(inspection: CredentialInspection, env: DiagnosisEnv): Finding | undefined {
  for (const name of env.headerNames) {
    const value = env.request.header(name)?.trim()
    if (value === undefined || value === '') continue
    const prefixed =
      value.slice(0, inspection.prefix.length).toLowerCase() === inspection.prefix.toLowerCase()
    const candidates = [
      value,
      withoutScheme(value),
      prefixed ? value.slice(inspection.prefix.length) : undefined,
    ]
    if (candidates.some((c) => c !== undefined && inspection.match(utf8(c)) !== undefined)) {
      return finding(
        'DIAG_CREDENTIALS_HEADER_ELSEWHERE',
        `There is no \`${inspection.header}\` header, but \`${name}\` holds one of the configured keys: ` +
          `the sender names the header differently. Configure ${inspection.name} with \`${name}\`.`,
      )
    }
  }
  return undefined
}

function diagnoseBasic(
  inspection: CredentialInspection,
  env: DiagnosisEnv,
  raw: string,
): Finding[] {
  const presented = parseBasicAuth(raw)
  if (presented === undefined) {
    const word = /^(\S+)\s/.exec(raw)?.[1]
    const scheme = SCHEMES.find((s) => s.toLowerCase() === word?.toLowerCase())
    return [
      finding(
        'DIAG_CREDENTIALS_SCHEME',
        scheme !== undefined && scheme !== 'Basic'
          ? `The Authorization header uses the ${scheme} scheme, but ${inspection.name} expects Basic credentials.`
          : `The Authorization header is not valid Basic credentials (\`Basic \` and the Base64 of user:password), as ${inspection.name} expects.`,
      ),
    ]
  }
  const matched = matchedOrWindow(inspection, env, presented)
  if (matched !== undefined) return matched
  const user = inspection.user?.(presented)
  if (user !== undefined) {
    return [
      finding(
        'DIAG_PASSWORD_WRONG',
        `The username matches the ${keyLabel(user, 'credential')}, but the password does not.`,
      ),
    ]
  }
  return [
    finding('DIAG_USERNAME_UNKNOWN', 'The username matches none of the configured credentials.'),
  ]
}

function diagnoseApiKey(
  inspection: CredentialInspection,
  env: DiagnosisEnv,
  raw: string,
): Finding[] {
  const { prefix, header } = inspection
  if (raw.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) {
    const bare = inspection.match(utf8(raw)) ?? inspection.match(utf8(withoutScheme(raw) ?? ''))
    return [
      finding(
        'DIAG_CREDENTIALS_PREFIX',
        `The \`${header}\` value lacks the \`${prefix.trim()}\` prefix ${inspection.name} requires` +
          (bare === undefined
            ? '.'
            : `; without it, the value matches the ${keyLabel(bare, 'key')}.`),
      ),
    ]
  }
  const value = raw.slice(prefix.length)
  const matched = matchedOrWindow(inspection, env, utf8(value))
  if (matched !== undefined) return matched
  const bare = withoutScheme(value)
  const key = bare === undefined ? undefined : inspection.match(utf8(bare))
  if (key !== undefined) {
    return [
      finding(
        'DIAG_CREDENTIALS_PREFIX',
        `The \`${header}\` value carries a scheme word (such as \`Bearer\`) that ${inspection.name} does ` +
          `not expect; without it, the value matches the ${keyLabel(key, 'key')}.`,
      ),
    ]
  }
  return [
    finding(
      'DIAG_CREDENTIALS_WRONG',
      `The \`${header}\` value matches none of the configured keys.`,
    ),
  ]
}

/** Findings for a credential check that rejected `env.request`. */
export function diagnoseCredentials(
  inspection: CredentialInspection,
  env: DiagnosisEnv,
): Finding[] {
  const raw = env.request.header(inspection.header)?.trim()
  if (raw !== undefined && raw !== '') {
    return inspection.kind === 'basicAuth'
      ? diagnoseBasic(inspection, env, raw)
      : diagnoseApiKey(inspection, env, raw)
  }
  if (inspection.kind === 'apiKey') {
    const found = elsewhere(inspection, env)
    if (found !== undefined) return [found]
  }
  return [
    finding(
      'DIAG_CREDENTIALS_MISSING',
      inspection.kind === 'basicAuth'
        ? `The request has no Authorization header, but ${inspection.name} requires Basic credentials: ` +
            'the sender is not configured to send them, or a proxy removed them.'
        : `The request has no \`${inspection.header}\` header, where ${inspection.name} expects its key: ` +
            'the sender is not configured to send it, or a proxy removed it.',
    ),
  ]
}
