/**
 * `node:util` `parseArgs`, strict: an unknown flag or a stray argument is a usage error (exit 2).
 * Error text never repeats an argument's value, in case a secret was typed where it does not belong.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'

type OptionsConfig = NonNullable<ParseArgsConfig['options']>
import { UsageError } from './usage-error.js'

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
      throw new UsageError(`unknown flag ${option}`)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
      throw new UsageError(`flag ${option.split(' ')[0]} is missing its value or takes none`)
    }
    throw new UsageError('unexpected argument')
  }
  if (parsed.positionals.length > positionals) throw new UsageError('unexpected argument')
  return parsed
}
