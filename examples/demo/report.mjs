/**
 * Printing, within 100 columns: a block per sender, a line per case with each receiver's status
 * (✓ as expected, ✗ not), and under a rejection the code and `diagnose()`'s first finding.
 */
export const WIDTH = 100
const LABEL = 18
const CELL = 6
const INDENT = '      '

const short = (code) => code?.replace(/^ERR_WEBHOOK_/, '') ?? ''

/** Words wrapped to WIDTH, continuation lines indented like the first. */
function wrap(text, indent = INDENT) {
  const lines = []
  let line = indent
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > WIDTH && line.trim() !== '') {
      lines.push(line.trimEnd())
      line = indent + '  '
    }
    line += (line.trim() === '' ? '' : ' ') + word
  }
  lines.push(line.trimEnd())
  return lines.join('\n')
}

export function banner(receivers, senders) {
  const lines = [`hookwarden demo: ${senders} senders, each against ${receivers.length} receivers`]
  for (const r of receivers) lines.push(`  ${r.column.padEnd(7)}${r.title.padEnd(39)}${r.base}`)
  return lines.join('\n')
}

/** The sender's name over the receivers' columns (on a line of its own when it is too long). */
export function blockHeader(name, receivers) {
  const columns = receivers
    .map((r) => r.column.padEnd(CELL))
    .join('')
    .trimEnd()
  const room = LABEL + 2
  return name.length < room
    ? `\n${name.padEnd(room)}${columns}`
    : `\n${name}\n${' '.repeat(room)}${columns}`
}

const OUTCOME = {
  accepted: 'accepted',
  duplicate: 'duplicate, acknowledged',
  handshake: 'handshake answered',
}

const describe = (r) =>
  r.outcome === 'rejected' ? `${r.status} ${short(r.code)}` : `${r.status} ${r.outcome}`

/**
 * A diagnosis finding's headline: its first sentence without asides in parentheses, cut before an
 * explanation (`: …`), then at a clause boundary if it still does not fit one line.
 */
export function headline(message, room = WIDTH - INDENT.length) {
  let text = message
    .split(/(?<=\.)\s/)[0]
    .replace(/\s*\([^()]*\)/g, '')
    .split(': ')[0]
    .replace(/\.$/, '')
  while (text.length > room) {
    const cut = Math.max(text.lastIndexOf('; ', room), text.lastIndexOf(', ', room))
    text = cut > 0 ? text.slice(0, cut) : text.slice(0, room - 1) + '…'
  }
  return text
}

/** The case's line and the lines under it. */
export function caseLines(row, receivers) {
  const cells = row.results.map((r) => `${r.ok ? '✓' : '✗'}${r.status}`.padEnd(CELL)).join('')
  const { outcome, code, note } = row.expected
  const lines = [`  ${row.label.padEnd(LABEL)}${cells}${OUTCOME[outcome] ?? short(code)}`]
  if (outcome === 'rejected') lines.push(INDENT + headline(row.diagnosis))
  if (outcome === 'handshake') lines.push(wrap(`${row.what}; handler not run`))
  if (note) lines.push(wrap(`note: ${note}`))
  const wrong = row.results.filter((r) => !r.ok)
  const got = (r) =>
    describe(r) + (r.answer?.includes(row.expected.echo ?? '') === false ? ' without the echo' : '')
  if (wrong.length > 0) {
    const answers = [...new Set(wrong.map(got))]
    const who =
      wrong.length === row.results.length
        ? `every receiver got ${answers.join(' or ')}`
        : row.results
            .map((r, i) => (r.ok ? undefined : `${receivers[i].column} got ${got(r)}`))
            .filter(Boolean)
            .join('; ')
    lines.push(wrap(`✗ NOT AS EXPECTED (${describe(row.expected)}): ${who}`))
  }
  return lines.join('\n')
}

export function summary({ senders, deliveries, asExpected, missing }) {
  const lines = [
    '',
    `${senders} senders, ${deliveries} deliveries, ${asExpected} as expected` +
      (asExpected === deliveries ? '.' : `: ${deliveries - asExpected} NOT as expected.`),
  ]
  if (missing.length > 0)
    lines.push(wrap(`No demo sender for: ${missing.join(', ')} (add them to senders.mjs).`, ''))
  return lines.join('\n')
}
