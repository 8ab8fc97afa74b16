/**
 * `--help` text for the command and each subcommand.
 */

const SECRETS = `Secrets (never on the command line):
  --secret-env NAME        read the secret from environment variable NAME (repeat for a rotation:
                           each secret reports its variable name as keyId)
  --secret-file PATH       read the secret from a file (final newline ignored; repeatable)
  --public-key-file PATH   asymmetric presets (sendgrid, discord, monime ES256, ...): PEM or JWK
  --options-json PATH      other preset options as JSON, e.g. {"tolerance": 600}; any
                           {"env": "NAME"} or {"file": "PATH"} inside is replaced by that secret
                           (solvimon: the webhook object from Solvimon's API works as is)`

export const HELP: Readonly<Record<string, string>> = {
  main: `hookwarden: verify captured webhooks and say why they fail; sign and send test deliveries.

Usage: hookwarden <command> [flags]

Commands:
  verify     verify a captured delivery with a preset, and diagnose a rejection
  sign       print the headers (or a curl command) for a body signed like the sender would
  send       sign a body and POST it to a receiver, optionally tampered or replayed
  presets    list the presets with their headers and formats

Run hookwarden <command> --help for its flags. Exit status: 0 accepted, 1 rejected,
2 usage or configuration error. Colour only on a terminal; NO_COLOR turns it off.`,

  verify: `Usage: hookwarden verify --preset NAME <secret> <capture> [flags]

Verifies a captured delivery and, when it is rejected, says why (body re-serialised by a parser,
Base64 vs hex, retired secret, clock skew, another separator, header under another name, ...).

Capture (one of):
  --request PATH           HTTP/1.1 request capture: request line, headers, blank line, exact body
  --capture PATH           JSON {"method","url","headers":{...},"body": "text" | {"base64": "..."}}
  --headers PATH --body PATH
                           "Name: value" lines (or a JSON object), and the exact body bytes

${SECRETS}

Flags:
  --preset NAME            sender preset (hookwarden presets lists them)
  --now TIME               verify as if at TIME (ISO-8601, ms, or Unix seconds): for old captures
  --tolerance SECONDS      override the preset's timestamp tolerance (0 disables the check)
  --url URL, --method M    the public URL and method, for presets that sign them (HubSpot, Square)
  --json                   machine-readable result
  -h, --help               this help

Exit status: 0 accepted, 1 rejected, 2 usage or configuration error.`,

  sign: `Usage: hookwarden sign --preset NAME <secret> --body PATH [flags]

Prints the headers the sender would send for the body, or a ready curl command. Credential
headers (Basic auth, API keys) are never printed: the curl command reads them from the
environment variable they came from, or leaves them for you to add.

${SECRETS}
  --private-key-file PATH  asymmetric presets: PEM PKCS #8 private key to sign with

Flags:
  --preset NAME            sender preset
  --body PATH              the exact body to sign
  --timestamp TIME         signing time (ISO-8601, ms, or Unix seconds); default now
  --id ID                  delivery id, for schemes that sign one; default random
  --url URL, --method M    for presets that sign them
  --curl URL               print a curl command that POSTs the signed body to URL
  --json                   the headers as JSON
  -h, --help               this help`,

  send: `Usage: hookwarden send URL --preset NAME <secret> --body PATH [flags]

Signs the body and POSTs it to URL, then prints the receiver's status and body.

${SECRETS}
  --private-key-file PATH  asymmetric presets: PEM PKCS #8 private key to sign with

Flags:
  --preset NAME            sender preset
  --body PATH              the exact body to send
  --tamper WHAT            break the delivery after signing: body, signature or timestamp
  --replay                 send the same delivery twice and print both answers
  --timestamp TIME, --id ID
  --content-type TYPE      default application/json
  --json                   machine-readable answers
  -h, --help               this help

Exit status: 0 when every answer is 2xx, 1 otherwise, 2 for usage errors or an unreachable URL.`,

  presets: `Usage: hookwarden presets [NAME] [--json]

Lists the presets with their signature headers, header layout, signed content, timestamp and
tolerance, read from the checks themselves.`,
}
