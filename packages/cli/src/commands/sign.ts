/**
 * `hookwarden sign`: the headers a sender would send for a body, or a ready `curl` command.
 */
import { credentialHeaders, envReference, signDelivery } from '../delivery.js'
import { parseFlags } from '../flags.js'
import { HELP } from '../help.js'
import type { Output } from '../output.js'
import { PRESET_FLAGS, presetCheck } from '../preset-check.js'
import { EXIT, UsageError } from '../usage-error.js'

const FLAGS = {
  ...PRESET_FLAGS,
  'private-key-file': { type: 'string' },
  body: { type: 'string' },
  timestamp: { type: 'string' },
  id: { type: 'string' },
  url: { type: 'string' },
  method: { type: 'string' },
  curl: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** POSIX shell single quotes: nothing inside is expanded. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

export async function signCommand(args: string[], output: Output): Promise<number> {
  const { values } = parseFlags(args, FLAGS, 0)
  if (values.help === true) {
    output.line(HELP['sign'])
    return EXIT.accepted
  }
  const preset = presetCheck(values, output, true)
  // The curl command names the file; the same check and message as signDelivery's.
  const bodyFile = values.body
  if (bodyFile === undefined) throw new UsageError('--body PATH is required')
  const delivery = await signDelivery(preset, values, values.url ?? values.curl)
  const credentials = credentialHeaders(preset.check)
  const withheld: string[] = []
  const shown: [string, string, string][] = []
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (!credentials.has(name)) {
      shown.push([name, value, quote(`${name}: ${value}`)])
      continue
    }
    const ref = envReference(value, preset.envOf)
    // Double quotes so the shell expands $NAME; the prefix is escaped for them.
    if (ref !== undefined)
      shown.push([
        name,
        `${ref.prefix}$${ref.env}`,
        `"${name}: ${ref.prefix.replace(/["\\$`]/g, '\\$&')}$${ref.env}"`,
      ])
    else withheld.push(name)
  }
  if (values.json === true) {
    output.line(
      JSON.stringify(
        { headers: Object.fromEntries(shown.map(([n, v]) => [n, v])), withheld },
        null,
        2,
      ),
    )
  } else if (values.curl !== undefined) {
    const lines = [
      `curl -sS -X ${values.method ?? 'POST'} ${quote(values.curl)}`,
      `-H ${quote('content-type: application/json')}`,
    ]
    for (const [, , header] of shown) lines.push(`-H ${header}`)
    lines.push(`--data-binary @${quote(bodyFile)}`)
    output.line(lines.join(' \\\n  '))
  } else {
    for (const [name, value] of shown) output.line(`${output.paint(name, 'cyan')}: ${value}`)
  }
  for (const name of withheld)
    output.error(`the ${name} header carries a credential and is not printed: add it yourself`)
  return EXIT.accepted
}
