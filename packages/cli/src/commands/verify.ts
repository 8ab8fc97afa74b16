/**
 * `hookwarden verify`: verify a captured delivery with a preset and print why it was rejected.
 */
import {
  describeCheck,
  diagnose,
  WebhookConfigError,
  type Check,
  type Diagnosis,
  type WebhookRequest,
} from '@hookwarden/core'
import {
  parseHttpCapture,
  parseJsonCapture,
  parseHeadersAndBody,
  readFile,
  type Capture,
} from '../capture.js'
import { leaves } from '../delivery.js'
import { parseFlags } from '../flags.js'
import { HELP } from '../help.js'
import { parseInstant } from '../instant.js'
import type { Output } from '../output.js'
import { PRESET_FLAGS, presetCheck } from '../preset-check.js'
import { printable } from '../printable.js'
import { EXIT, UsageError } from '../usage-error.js'

const FLAGS = {
  ...PRESET_FLAGS,
  request: { type: 'string' },
  capture: { type: 'string' },
  headers: { type: 'string' },
  body: { type: 'string' },
  now: { type: 'string' },
  tolerance: { type: 'string' },
  url: { type: 'string' },
  method: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

function readCapture(values: {
  request?: string
  capture?: string
  headers?: string
  body?: string
}): Capture {
  const given = [values.request, values.capture, values.headers ?? values.body].filter(
    (v) => v !== undefined,
  )
  if (given.length !== 1) {
    throw new UsageError(
      'give exactly one capture: --request PATH, --capture PATH, or --headers PATH with --body PATH',
    )
  }
  if (values.request !== undefined)
    return parseHttpCapture(readFile(values.request, '--request'), '--request')
  if (values.capture !== undefined) {
    return parseJsonCapture(readFile(values.capture, '--capture').toString('utf8'), '--capture')
  }
  if (values.headers === undefined || values.body === undefined)
    throw new UsageError('--headers and --body go together')
  return parseHeadersAndBody(
    readFile(values.headers, '--headers').toString('utf8'),
    readFile(values.body, '--body'),
    '--headers',
  )
}

function tolerance(text: string | undefined): { tolerance?: number } {
  if (text === undefined) return {}
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError('--tolerance must be a number of seconds')
  return { tolerance: Number(text) }
}

interface Report {
  readonly accepted: boolean
  readonly check: string
  readonly code: string | null
  readonly status: number | null
  readonly message: string | null
  readonly keyId: string | null
  readonly id: string | null
  readonly timestamp: string | null
  readonly verifiedAt: string
  readonly findings: readonly { code: string; message: string }[]
  readonly notes: readonly string[]
}

function report(
  diagnosis: Diagnosis,
  check: string,
  now: number,
  notes: readonly string[],
): Report {
  const { result } = diagnosis
  return {
    accepted: result.ok,
    check: result.ok ? result.webhook.check : check,
    code: result.ok ? null : result.error.code,
    status: result.ok ? null : result.error.status,
    message: result.ok ? null : result.error.message,
    keyId: result.ok ? (result.webhook.keyId ?? null) : null,
    // The delivery id is the sender's text: shown without control characters or escapes.
    id: result.ok && result.webhook.id !== undefined ? printable(result.webhook.id) : null,
    timestamp: result.ok ? (result.webhook.timestamp?.toISOString() ?? null) : null,
    verifiedAt: new Date(now).toISOString(),
    findings: diagnosis.findings.map((f) => ({ code: f.code, message: printable(f.message) })),
    notes,
  }
}

function print(r: Report, output: Output): void {
  const field = (name: string, value: string) =>
    output.line(`  ${output.paint(name.padEnd(13), 'dim')}${value}`)
  if (r.accepted) {
    output.line(`${output.paint('accepted', 'green', 'bold')}  by ${r.check}`)
    if (r.keyId !== null) field('key', r.keyId)
    if (r.id !== null) field('delivery', r.id)
    if (r.timestamp !== null) field('signed at', r.timestamp)
  } else {
    output.line(
      `${output.paint('rejected', 'red', 'bold')}  ${output.paint(r.code ?? '', 'bold')} (${r.status}): ${r.message}`,
    )
    field('check', r.check)
  }
  field('verified at', r.verifiedAt)
  if (r.findings.length > 0) {
    output.line()
    output.line(output.paint('Why:', 'bold'))
    for (const f of r.findings) {
      output.line(`  ${output.paint(f.code, 'yellow')}`)
      output.line(`    ${f.message}`)
    }
  } else if (!r.accepted) {
    output.line()
    output.line('No further diagnosis: the rejection code above is the whole story.')
  }
  if (r.notes.length > 0) {
    output.line()
    output.line(output.paint('Notes:', 'bold'))
    for (const note of r.notes) output.line(`  ${note}`)
  }
}

/** Signature tokens this long or longer are hidden (shorter ones are timestamps or versions). */
const MIN_SIGNATURE = 16

/**
 * Registers the capture's signatures with the output, so nothing can print them back (a last
 * guard: findings never quote them). Captures hold header records, lower-case names.
 */
function hideSignatures(check: Check, request: WebhookRequest, output: Output): void {
  const headers = request.headers as Readonly<Record<string, string | readonly string[]>>
  for (const leaf of leaves(describeCheck(check))) {
    if (leaf.kind !== 'signature') continue
    const value = headers[leaf.header]
    for (const text of typeof value === 'string' ? [value] : (value ?? [])) {
      for (const token of text.split(/[\s,;=]+/)) {
        if (token.length >= MIN_SIGNATURE) output.hide(token)
      }
    }
  }
}

export async function verifyCommand(args: string[], output: Output): Promise<number> {
  const { values } = parseFlags(args, FLAGS, 0)
  if (values.help === true) {
    output.line(HELP['verify'])
    return EXIT.accepted
  }
  const { check } = presetCheck(values, output)
  const capture = readCapture(values)
  hideSignatures(check, capture.request, output)
  const now = values.now === undefined ? Date.now() : parseInstant(values.now, '--now')
  const request: WebhookRequest = {
    ...capture.request,
    ...(values.url === undefined ? {} : { url: values.url }),
    ...(values.method === undefined ? {} : { method: values.method }),
  }
  let diagnosis: Diagnosis
  try {
    diagnosis = await diagnose(request, check, { clock: () => now, ...tolerance(values.tolerance) })
  } catch (error) {
    if (error instanceof WebhookConfigError) throw new UsageError(error.message)
    throw error
  }
  const r = report(diagnosis, check.name, now, capture.notes)
  if (values.json === true) output.line(JSON.stringify(r, null, 2))
  else print(r, output)
  return r.accepted ? EXIT.accepted : EXIT.rejected
}
