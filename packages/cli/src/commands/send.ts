/**
 * `hookwarden send`: sign a body and POST it to a receiver, optionally tampered or twice.
 */
import { signDelivery, type Delivery } from '../delivery.js'
import { parseFlags } from '../flags.js'
import { HELP } from '../help.js'
import type { Output } from '../output.js'
import { PRESET_FLAGS, presetCheck } from '../preset-check.js'
import { printable } from '../printable.js'
import { tamper, tamperKind } from '../tamper.js'
import { EXIT, UsageError } from '../usage-error.js'

const FLAGS = {
  ...PRESET_FLAGS,
  'private-key-file': { type: 'string' },
  body: { type: 'string' },
  timestamp: { type: 'string' },
  id: { type: 'string' },
  method: { type: 'string' },
  tamper: { type: 'string' },
  replay: { type: 'boolean' },
  'content-type': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Longest receiver answer printed. */
const MAX_ANSWER = 4096

interface Answer {
  readonly status: number
  readonly body: string
}

async function post(
  url: string,
  delivery: Delivery,
  method: string,
  contentType: string,
): Promise<Answer> {
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers: { 'content-type': contentType, ...delivery.headers },
      body: delivery.body,
    })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? 'network error'
    throw new UsageError(`could not reach ${url} (${cause})`)
  }
  // The receiver's text is printed: no escape sequences or control characters from it.
  const text = printable(await response.text())
  return {
    status: response.status,
    body: text.length > MAX_ANSWER ? `${text.slice(0, MAX_ANSWER)}...` : text,
  }
}

export async function sendCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, FLAGS, 1)
  if (values.help === true) {
    output.line(HELP['send'])
    return EXIT.accepted
  }
  const url = positionals[0]
  if (url === undefined || !/^https?:\/\/\S+$/i.test(url))
    throw new UsageError('send needs the receiver URL, e.g. http://127.0.0.1:3000/hooks')
  const what = tamperKind(values.tamper)
  const preset = presetCheck(values, output, true)
  const signed = await signDelivery(preset, values, url)
  const delivery = what === undefined ? signed : tamper(signed, what, preset.check)
  const method = values.method ?? 'POST'
  const contentType = values['content-type'] ?? 'application/json'
  const answers: Answer[] = [await post(url, delivery, method, contentType)]
  if (values.replay === true) answers.push(await post(url, delivery, method, contentType))
  if (values.json === true) {
    output.line(JSON.stringify({ preset: preset.name, tampered: what ?? null, answers }, null, 2))
  } else {
    const label = what === undefined ? '' : ` (${what} tampered after signing)`
    output.line(`sent a ${preset.name} delivery to ${url}${label}`)
    answers.forEach((answer, i) => {
      const ok = answer.status >= 200 && answer.status < 300
      const tag = answers.length > 1 ? (i === 0 ? 'first:  ' : 'replay: ') : ''
      output.line(
        `${tag}${output.paint(`HTTP ${answer.status}`, ok ? 'green' : 'red', 'bold')} ${answer.body}`,
      )
    })
  }
  return answers.every((a) => a.status >= 200 && a.status < 300) ? EXIT.accepted : EXIT.rejected
}
