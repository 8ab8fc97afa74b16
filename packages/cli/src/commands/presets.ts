/**
 * `hookwarden presets`: every preset with its headers and formats, read from the checks'
 * descriptors (so the list cannot drift from the code), each built with a throwaway key.
 */
import { generateKeyPairSync } from 'node:crypto'
import {
  describeCheck,
  presets,
  type Check,
  type CheckDescription,
  type SignatureDescription,
} from '@hookwarden/core'
import { leaves } from '../delivery.js'
import { parseFlags } from '../flags.js'
import { HELP } from '../help.js'
import type { Output } from '../output.js'
import { presetName, type PresetName } from '../preset-check.js'
import { EXIT } from '../usage-error.js'

const FLAGS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const

/** Throwaway keys of each kind a preset may take: only their shape matters here. */
function placeholderOptions(): object[] {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
  const ed = generateKeyPairSync('ed25519').publicKey
  return [
    { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    { publicKey: ec.export({ type: 'spki', format: 'pem' }).toString() },
    { publicKey: ed.export({ type: 'spki', format: 'pem' }).toString() },
    { keys: { ...ec.export({ format: 'jwk' }), kid: 'placeholder' } },
  ]
}

function build(name: PresetName, attempts: readonly object[]): Check | undefined {
  const make = presets[name] as (options: object) => Check
  for (const options of attempts) {
    try {
      return make(options)
    } catch {
      continue
    }
  }
  return undefined
}

/** What a placeholder build cannot show: checks a preset adds only when configured. */
const NOTES: Partial<Record<PresetName, readonly string[]>> = {
  solvimon: [
    "+ the webhook's authentication_type, required as well: PASSWORD sends",
    '  authorization: Basic <username:password>; API_KEY sends <api_header_field>: <api_key>.',
    '  Give them in --options-json as {"basicAuth": {"username", "password"}} or',
    '  {"apiKey": {"header", "key"}}, or pass the webhook object from the Solvimon API as is.',
  ],
}

const FORMATS = {
  unix: 'Unix seconds',
  'unix-ms': 'Unix ms',
  iso8601: 'ISO-8601',
  'iso8601-utc': 'ISO-8601, UTC if no zone',
} as const

function signatureLines(d: SignatureDescription): string[] {
  const lines = [`${d.header}: ${d.layout}`]
  if (d.timestamp?.source === 'header')
    lines.push(`${d.timestamp.name}: <${FORMATS[d.timestamp.format]}>`)
  if (d.id?.source === 'header') lines.push(`${d.id.name}: <delivery id>`)
  const ts =
    d.timestamp === undefined
      ? 'no timestamp'
      : `${d.timestamp.source === 'request' ? 'timestamp in the body' : FORMATS[d.timestamp.format]}, tolerance ${d.tolerance} s`
  lines.push(`${d.algorithm} over ${d.content}; ${ts}`)
  return lines
}

function describeLines(description: CheckDescription): string[] {
  return leaves(description).flatMap((leaf) => {
    switch (leaf.kind) {
      case 'signature':
        return signatureLines(leaf)
      case 'basicAuth':
        return ['authorization: Basic <user:password> (when configured)']
      case 'apiKey':
        return [`${leaf.header}: ${leaf.prefix ?? ''}<key>`]
      case 'opaque':
        return leaf.name === 'plaid'
          ? ['plaid-verification: <JWS, ES256, body SHA-256 claim>']
          : leaf.name === 'netlify'
            ? ['x-webhook-signature: <JWS, HS256, iss netlify, body SHA-256 claim>']
            : ['(not described)']
      default:
        return []
    }
  })
}

export function presetsCommand(args: string[], output: Output): number {
  const { values, positionals } = parseFlags(args, FLAGS, 1)
  if (values.help === true) {
    output.line(HELP['presets'])
    return EXIT.accepted
  }
  const names =
    positionals[0] === undefined
      ? (Object.keys(presets) as PresetName[])
      : [presetName(positionals[0])]
  const attempts = placeholderOptions()
  const described = names.map((name) => {
    const check = build(name, attempts)
    const notes = NOTES[name]
    return {
      name,
      description: check === undefined ? undefined : describeCheck(check),
      ...(notes === undefined ? {} : { notes: notes.join(' ').replace(/\s+/g, ' ') }),
    }
  })
  if (values.json === true) {
    output.line(JSON.stringify(described, null, 2))
    return EXIT.accepted
  }
  const width = Math.max(...names.map((n) => n.length)) + 2
  for (const { name, description } of described) {
    const lines = [
      ...(description === undefined
        ? ['(needs options this listing cannot guess)']
        : describeLines(description)),
      ...(NOTES[name] ?? []),
    ]
    lines.forEach((line, i) =>
      output.line(
        `${i === 0 ? output.paint(name.padEnd(width), 'bold') : ' '.repeat(width)}${line}`,
      ),
    )
  }
  return EXIT.accepted
}
