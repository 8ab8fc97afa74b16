/**
 * `node:util` `parseArgs`, strict: an unknown flag or a stray argument is a usage error (exit 2).
 * Error text never repeats an argument's value, in case a secret was typed where it does not belong.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { suggest } from './suggest.js'
import { UsageError } from './usage-error.js'

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

const SECRET_HINT =
  'use --secret-env NAME or --secret-file PATH (a secret on the command line lands in shell history)'

/** Flags people reach for that take a secret or key on the command line, and what to use instead. */
const INSTEAD: Readonly<Record<string, { readonly flag: string; readonly hint: string }>> = {
  '--secret': { flag: 'secret-env', hint: SECRET_HINT },
  '--secrets': { flag: 'secret-env', hint: SECRET_HINT },
  '--signing-secret': { flag: 'secret-env', hint: SECRET_HINT },
  '--webhook-secret': { flag: 'secret-env', hint: SECRET_HINT },
  '--key': { flag: 'secret-env', hint: SECRET_HINT },
  '--token': { flag: 'secret-env', hint: SECRET_HINT },
  '--password': { flag: 'secret-env', hint: SECRET_HINT },
  '--public-key': { flag: 'public-key-file', hint: 'use --public-key-file PATH (PEM or JWK)' },
  '--private-key': {
    flag: 'private-key-file',
    hint: 'use --private-key-file PATH (a secret on the command line lands in shell history)',
  },
}

/** What to say after "unknown flag X": a safer flag for a secret, or the nearest known flag. */
function hintFor(option: string, options: OptionsConfig): string {
  const instead = INSTEAD[option.toLowerCase()]
  if (instead !== undefined && instead.flag in options) return `; ${instead.hint}`
  if (!option.startsWith('--')) return ''
  const near = suggest(option.slice(2), Object.keys(options))
  return near === undefined ? '' : `; did you mean --${near}?`
}

export function parseFlags<const T extends OptionsConfig>(
  args: string[],
  options: T,
  positionals: number,
) {
  let parsed
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 })
  } catch (error) {
    const code = (error as { code?: string }).code
    const option = /'(-[^']*)'/.exec((error as Error).message)?.[1]?.split('=')[0]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined)
      throw new UsageError(`unknown flag ${option}${hintFor(option, options)}`)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
      throw new UsageError(`flag ${option.split(' ')[0]} is missing its value or takes none`)
    }
    throw new UsageError('unexpected argument')
  }
  if (parsed.positionals.length > positionals) throw new UsageError('unexpected argument')
  return parsed
}
