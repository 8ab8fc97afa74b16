/**
 * Constant time, by source scan: every comparison of secret-derived bytes goes through
 * `packages/core/src/lib/timing-safe-equal.ts`. In the core and the adapters (tests excluded):
 *
 * 1. No `timingSafeEqual` but the helper's, no `Buffer.compare`, `.equals(` or `.compare(`.
 * 2. No `===`, `!==`, `==` or `!=` whose operand is named as a MAC, digest, signature, secret,
 *    key, token, password, credential or hash (the last word of its name: `entry.key`, `macs[i]`,
 *    `expectedSignature()`), unless the other side is a literal (`undefined`, `''`, a number) or a
 *    `typeof`. Such a line is allowed only with a `// timing: public (<why>)` comment on it or on
 *    the line above, saying why the value is public.
 *
 * The scanner blanks comments, strings and regular expressions first, so it reads code only.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const SCANNED = [
  'packages/core/src',
  'packages/express/src',
  'packages/koa/src',
  'packages/fetch/src',
  'packages/redis/src',
]
const HELPER = 'packages/core/src/lib/timing-safe-equal.ts'
const MARKER = /\/\/\s*timing:\s*public\b/

const SENSITIVE = new Set([
  'mac',
  'macs',
  'hmac',
  'digest',
  'digests',
  'signature',
  'signatures',
  'sig',
  'sigs',
  'secret',
  'secrets',
  'key',
  'keys',
  'token',
  'tokens',
  'password',
  'passwords',
  'credential',
  'credentials',
  'hash',
  'hashes',
])

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...sourceFiles(path))
    else if (
      /\.ts$/.test(entry.name) &&
      !/\.(test|test-d)\.ts$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    )
      out.push(path)
  }
  return out
}

/**
 * The code with comments blanked and string, template and regex contents replaced by `S` (quotes
 * kept, so `'S'` still reads as a literal). Newlines are kept: line numbers stay right.
 */
export function blank(code: string): string {
  let out = ''
  let i = 0
  // Whether a `/` here starts a regex (after an operator or keyword) rather than dividing.
  const regexAllowed = () => {
    const before = out.replace(/\s+$/, '')
    return (
      before === '' ||
      /[(,=:[!&|?{};+\-*%<>~^]$/.test(before) ||
      /\b(return|typeof|case|in|of|void|yield|await)$/.test(before)
    )
  }
  while (i < code.length) {
    const c = code[i]!
    const next = code[i + 1]
    if (c === '/' && next === '/') {
      while (i < code.length && code[i] !== '\n') {
        out += ' '
        i++
      }
    } else if (c === '/' && next === '*') {
      while (i < code.length && !(code[i] === '*' && code[i + 1] === '/')) {
        out += code[i] === '\n' ? '\n' : ' '
        i++
      }
      out += '  '
      i += 2
    } else if (c === "'" || c === '"' || c === '`') {
      out += c
      i++
      while (i < code.length && code[i] !== c) {
        if (code[i] === '\\') {
          out += 'S'
          i++
        }
        out += code[i] === '\n' ? '\n' : 'S'
        i++
      }
      out += c
      i++
    } else if (c === '/' && regexAllowed()) {
      out += '/'
      i++
      let inClass = false
      while (i < code.length && (inClass || code[i] !== '/') && code[i] !== '\n') {
        if (code[i] === '\\') {
          out += 'S'
          i++
        } else if (code[i] === '[') inClass = true
        else if (code[i] === ']') inClass = false
        out += 'S'
        i++
      }
      out += '/'
      i++
    } else {
      out += c
      i++
    }
  }
  return out
}

/** The operand ending just before `end` (reading leftwards): a member chain with calls and indexes. */
function leftOperand(line: string, end: number): string {
  let i = end - 1
  while (i >= 0 && line[i] === ' ') i--
  const stop = i + 1
  let depth = 0
  for (; i >= 0; i--) {
    const c = line[i]!
    if (c === ')' || c === ']') depth++
    else if (c === '(' || c === '[') {
      if (depth === 0) break
      depth--
    } else if (depth === 0 && !/[\w$.?!'"`]/.test(c)) break
  }
  return line.slice(i + 1, stop).trim()
}

/** The operand starting just after `start` (reading rightwards). */
function rightOperand(line: string, start: number): string {
  let i = start
  while (i < line.length && line[i] === ' ') i++
  const from = i
  const prefix = /^(typeof|await|void|-|!)\s*/.exec(line.slice(i))
  if (prefix) i += prefix[0].length
  let depth = 0
  for (; i < line.length; i++) {
    const c = line[i]!
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') {
      if (depth === 0) break
      depth--
    } else if (depth === 0 && !/[\w$.?!'"`]/.test(c)) break
  }
  return line.slice(from, i).trim()
}

const isLiteral = (operand: string) =>
  /^(typeof\b.*|void\b.*|undefined|null|true|false|-?\d[\d_.]*n?|'S*'|"S*"|`S*`|NaN|Infinity)$/.test(
    operand,
  ) || /^[A-Z][A-Z0-9_]*$/.test(operand) // a named constant

/** The last word of the operand's name: `entry.key` → key, `macs[i]` → macs, `keyId` → id. */
function lastWord(operand: string): string {
  let name = operand.replace(/^(await|!)\s*/, '').replace(/!$/, '')
  while (/[)\]]$/.test(name)) {
    // Drop a trailing call or index, balanced.
    let depth = 0
    let i = name.length - 1
    for (; i >= 0; i--) {
      if (name[i] === ')' || name[i] === ']') depth++
      else if (name[i] === '(' || name[i] === '[') {
        depth--
        if (depth === 0) break
      }
    }
    name = name.slice(0, Math.max(0, i)).replace(/[?!.]+$/, '')
  }
  const identifier = /[A-Za-z_$][\w$]*$/.exec(name)?.[0] ?? ''
  const words = identifier.split(/(?<=[a-z0-9])(?=[A-Z])|_/).filter(Boolean)
  return (words[words.length - 1] ?? '').toLowerCase()
}

export interface Finding {
  file: string
  line: number
  text: string
  rule: string
}

export function scan(file: string, code: string): Finding[] {
  const findings: Finding[] = []
  const raw = code.split('\n')
  const lines = blank(code).split('\n')
  const allowed = (n: number) => MARKER.test(raw[n] ?? '') || MARKER.test(raw[n - 1] ?? '')
  // An import of timingSafeEqual from anywhere but the helper (node:crypto, a package).
  for (const match of code.matchAll(
    /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g,
  )) {
    if (/\btimingSafeEqual\b/.test(match[1]!) && !/(^|\/)timing-safe-equal\.js$/.test(match[2]!)) {
      const line = code.slice(0, match.index).split('\n').length
      findings.push({
        file,
        line,
        text: match[0].replace(/\s+/g, ' '),
        rule: "node's timingSafeEqual",
      })
    }
  }
  lines.forEach((line, n) => {
    const where = { file, line: n + 1, text: (raw[n] ?? '').trim() }
    if (file !== HELPER) {
      if (/\.\s*timingSafeEqual\b/.test(line))
        findings.push({ ...where, rule: "node's timingSafeEqual" })
      if (/\bBuffer\s*\.\s*compare\b/.test(line))
        findings.push({ ...where, rule: 'Buffer.compare' })
      if (/(?<!\bBuffer\s*)\.\s*(equals|compare)\s*\(/.test(line))
        findings.push({ ...where, rule: '.equals( / .compare(' })
    }
    for (const match of line.matchAll(/(?<![=!<>])(===|!==|==|!=)(?!=)/g)) {
      const left = leftOperand(line, match.index)
      const right = rightOperand(line, match.index + match[0].length)
      if (isLiteral(left) || isLiteral(right)) continue
      if (!SENSITIVE.has(lastWord(left)) && !SENSITIVE.has(lastWord(right))) continue
      if (allowed(n)) continue
      findings.push({ ...where, rule: `${match[0]} on ${left} / ${right}` })
    }
  })
  return findings
}

describe('constant-time comparisons (source scan of the core and the adapters)', () => {
  const files = SCANNED.flatMap((dir) => sourceFiles(dir))

  it('scans the sources, the helper included', () => {
    expect(files).toContain(HELPER)
    expect(files.length).toBeGreaterThan(40)
  })

  it('finds no direct comparison of secret-derived values', () => {
    const findings = files.flatMap((file) => scan(file, readFileSync(join(ROOT, file), 'utf8')))
    expect(findings.map((f) => `${relative('.', f.file)}:${f.line}: ${f.rule}: ${f.text}`)).toEqual(
      [],
    )
  })

  it('the helper is the one comparison and is itself data-independent', () => {
    const helper = readFileSync(join(ROOT, HELPER), 'utf8')
    // One accumulator over every byte, no early exit inside the loop.
    expect(helper).toMatch(/diff \|= \(a\[i\] \?\? 0\) \^ \(b\[i\] \?\? 0\)/)
    expect(blank(helper).match(/\breturn\b/g)?.length).toBe(2)
  })

  // The scanner itself: planted comparisons it must catch, and public ones it must let through.
  it.each([
    ['if (mac === signature) return true', 1],
    ['const same = entry.key !== presented.key', 1],
    ['if (macs[i] == sigs[i]) n++', 1],
    ['return computeSignature(body) === header', 1],
    ['ok = crypto.timingSafeEqual(a, b)', 1],
    ["import { createHmac, timingSafeEqual } from 'node:crypto'", 1],
    ["import { timingSafeEqual } from '../lib/timing-safe-equal.js'", 0],
    ['if (Buffer.compare(mac, expected) === 0) ok()', 1],
    ['return mac.equals(signature)', 1],
    ['if (secret != other) x()', 1],
    ["if (typeof key === 'string') x()", 0],
    ['if (key === undefined) x()', 0],
    ["if (encoding === 'hex') x()", 0],
    ['if (signatures.length === 0) x()', 0],
    ['if (entry.keyId === kid) x()', 0],
    ['if (key === signatureKey) x() // timing: public (pair names)', 0],
    ['const re = /key === secret/', 0],
    ["log('secret === key')", 0],
  ])('scanner: %s -> %i finding(s)', (code, count) => {
    expect(scan('planted.ts', code)).toHaveLength(count)
  })
})
