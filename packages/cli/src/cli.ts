/**
 * The `hookwarden` command: verify captured webhooks and say why they fail, sign and send test
 * deliveries, list the presets.
 * @module
 */
import { presetsCommand } from './commands/presets.js'
import { sendCommand } from './commands/send.js'
import { signCommand } from './commands/sign.js'
import { verifyCommand } from './commands/verify.js'
import { HELP } from './help.js'
import { createOutput, type Output } from './output.js'
import { EXIT, UsageError } from './usage-error.js'

const COMMANDS: Readonly<
  Record<string, (args: string[], output: Output) => number | Promise<number>>
> = {
  verify: verifyCommand,
  sign: signCommand,
  send: sendCommand,
  presets: presetsCommand,
}

/** Runs one command line; resolves to the exit status. */
export async function main(argv: string[], output: Output = createOutput()): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? args[0] : undefined
    output.line(HELP[topic !== undefined && topic in COMMANDS ? topic : 'main'])
    return name === undefined ? EXIT.usage : EXIT.accepted
  }
  const command = COMMANDS[name]
  if (command === undefined) {
    output.error(`unknown command "${name.slice(0, 32)}"; run hookwarden --help`)
    return EXIT.usage
  }
  try {
    return await command(args, output)
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(`${error.message} (hookwarden ${name} --help)`)
      return EXIT.usage
    }
    // An unexpected failure: its message only, never a stack holding values.
    output.error(`internal error: ${error instanceof Error ? error.message : 'unknown'}`)
    return EXIT.usage
  }
}

// A reader that went away (`hookwarden presets | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})
process.exitCode = await main(process.argv.slice(2))
