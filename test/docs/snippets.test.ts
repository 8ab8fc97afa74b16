/**
 * Keeps the docs true: every ```ts / ```typescript block of every README.md (root, packages/*,
 * examples/*) and of packages/core/PRESETS.md is type-checked against the package sources, with the
 * repository's strict compiler flags; blocks marked `run` are also executed.
 *
 * CONTRIBUTING: how to write a block that passes
 *
 * - Each block is its own module. Write it as a user would: import what it uses from
 *   `@hookwarden/*` (resolved to `packages/<name>/src`, no build needed), frameworks by name.
 * - No `!` non-null assertions and no casts in quick starts: `webhookOf(req)` / `webhookOf(ctx)`,
 *   and `process.env.NAME ?? ''` for secrets.
 * - A fragment that uses names it does not define (`rawBytes`, `app`, `handle`) declares them in a
 *   hidden prelude: an HTML comment right before the block, which GitHub and npm do not render.
 *   Its text is put before the block's code, for type-checking and for running:
 *
 *       <!-- prelude: declare const rawBytes: Uint8Array; declare function handle(event: unknown): void -->
 *       ```ts
 *       ...
 *
 *   The comment may span several lines. Prefer `declare` in preludes: it types a name without
 *   giving it a value. A prelude may also `import` (e.g. `import express from 'express'`).
 * - ```ts run marks a block that runs as written (plus its prelude): it must finish without
 *   throwing. A hidden epilogue, `<!-- then: ... -->` right after the block, runs after it in the
 *   same module and is where a block's exports or locals are exercised, e.g. with a delivery
 *   signed by `signRequest` and `node:assert`. In run blocks `console.assert(condition)` throws,
 *   so a visible `console.assert` states what the example guarantees and fails the test if it
 *   stops holding. Run blocks must not listen on fixed ports or reach beyond 127.0.0.1.
 * - No `x!` and no `x as T` (`as const` is fine) in a block's own code: the test reports them.
 *   Preludes and epilogues may use them.
 * - Unused locals and parameters are allowed in blocks (`noUnusedLocals`/`noUnusedParameters` are
 *   off here); every other flag of tsconfig.base.json applies, with Node's and the DOM's types.
 *
 * A failure names the Markdown file and line: `packages/core/README.md:42:7 TS2304 Cannot find name`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createSnippetProgram,
  lineCount,
  root,
  snippetProblems,
  virtualDir,
  type SnippetModule,
} from './compile-snippets.js'

/** The Markdown files users read: the root README, each package's and example's, and PRESETS.md. */
function markdownFiles(): string[] {
  const inFolders = (folder: string) =>
    readdirSync(join(root, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(folder, entry.name, 'README.md'))
      .filter((file) => existsSync(join(root, file)))
  return [
    'README.md',
    ...inFolders('packages'),
    'examples/README.md',
    ...inFolders('examples'),
    'packages/core/PRESETS.md',
  ].filter((file) => existsSync(join(root, file)))
}

interface Snippet {
  /** `README.md:42`: the line of the opening fence. */
  readonly name: string
  readonly file: string
  /** 1-based line of the block's first code line. */
  readonly line: number
  readonly run: boolean
  readonly prelude: string
  /** 1-based line of the prelude comment, for errors inside it. */
  readonly preludeLine: number
  readonly code: string
  readonly epilogue: string
  readonly epilogueLine: number
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b(.*)$/
const COMMENT_START = /^\s*<!--\s*(prelude|then):/

/** The text of the hidden `<!-- kind: ... -->` comment that ends on `end` (0-based), if any. */
function hiddenBefore(lines: readonly string[], end: number, kind: string) {
  if (end < 0 || !(lines[end] ?? '').trimEnd().endsWith('-->')) return undefined
  let start = end
  while (start >= 0 && !COMMENT_START.test(lines[start] ?? '')) {
    if (start < end && (lines[start] ?? '').includes('-->')) return undefined
    start--
  }
  if (start < 0) return undefined
  const text = lines.slice(start, end + 1).join('\n')
  const match = new RegExp(`^\\s*<!--\\s*${kind}:([\\s\\S]*)-->\\s*$`).exec(text)
  return match?.[1] === undefined ? undefined : { text: match[1].trim(), line: start + 1 }
}

function hiddenAfter(lines: readonly string[], start: number, kind: string) {
  const first = lines[start] ?? ''
  if (!new RegExp(`^\\s*<!--\\s*${kind}:`).test(first)) return undefined
  let end = start
  while (end < lines.length && !(lines[end] ?? '').includes('-->')) end++
  const text = lines.slice(start, end + 1).join('\n')
  const match = new RegExp(`^\\s*<!--\\s*${kind}:([\\s\\S]*)-->\\s*$`).exec(text)
  return match?.[1] === undefined ? undefined : { text: match[1].trim(), line: start + 1 }
}

function extractSnippets(file: string): Snippet[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n')
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '')
    if (open === null) continue
    const [, indent = '', fence = '```', , info = ''] = open
    let close = i + 1
    while (close < lines.length && (lines[close] ?? '').trim() !== fence) close++
    const code = lines
      .slice(i + 1, close)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n')
    const prelude = hiddenBefore(lines, i - 1, 'prelude')
    const epilogue = hiddenAfter(lines, close + 1, 'then')
    snippets.push({
      name: `${file}:${i + 1}`,
      file,
      line: i + 2,
      run: info.split(/\s+/).includes('run'),
      prelude: prelude?.text ?? '',
      preludeLine: prelude?.line ?? i + 1,
      code,
      epilogue: epilogue?.text ?? '',
      epilogueLine: epilogue?.line ?? close + 1,
    })
    i = close
  }
  return snippets
}

/** The module a snippet becomes: prelude, code, epilogue; `export {}` makes it a module. */
function moduleText(snippet: Snippet): string {
  return [snippet.prelude, snippet.code, snippet.epilogue, 'export {}', ''].join('\n')
}

/** Where a 0-based line of the module comes from: `file:line:column`, or the hidden comment's line. */
function markdownPosition(snippet: Snippet, line: number, character: number): string {
  const preludeLines = lineCount(snippet.prelude)
  const codeLines = lineCount(snippet.code)
  if (line < preludeLines)
    return `${snippet.file}:${snippet.preludeLine} (prelude line ${line + 1})`
  if (line < preludeLines + codeLines)
    return `${snippet.file}:${snippet.line + line - preludeLines}:${character + 1}`
  return `${snippet.file}:${snippet.epilogueLine} (then line ${line - preludeLines - codeLines + 1})`
}

const snippets = markdownFiles().flatMap(extractSnippets)
const virtualName = (index: number) => join(virtualDir, `snippet-${index}.ts`)

function snippetModule(snippet: Snippet, index: number): SnippetModule {
  const first = lineCount(snippet.prelude)
  return {
    fileName: virtualName(index),
    text: moduleText(snippet),
    ownLines: [first, first + lineCount(snippet.code)],
    position: (line, character) => markdownPosition(snippet, line, character),
  }
}

/** One program for every snippet, so the package sources are checked once: a few seconds in all. */
function typeCheck(): Map<number, string[]> {
  const modules = snippets.map(snippetModule)
  const program = createSnippetProgram(
    new Map(modules.map((module) => [module.fileName, module.text])),
  )
  return new Map(modules.map((module, index) => [index, snippetProblems(program, module)]))
}

let checked: Map<number, string[]> | undefined
const diagnosticsOf = (index: number) => (checked ??= typeCheck()).get(index) ?? []

afterAll(() => rmSync(virtualDir, { recursive: true, force: true }))

describe('documentation snippets', () => {
  it('package READMEs link other packages by absolute URL (relative ones break on npm)', () => {
    const escaping = markdownFiles()
      .filter((file) => file.startsWith('packages/'))
      .flatMap((file) =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .flatMap((line, index) =>
            /\]\(\.\.\//.test(line) ? [`${file}:${index + 1} ${line.trim()}`] : [],
          ),
      )
    expect(escaping).toEqual([])
  })

  it('finds the blocks', () => {
    expect(snippets.length).toBeGreaterThan(10)
    expect(snippets.some((snippet) => snippet.run)).toBe(true)
  })

  snippets.forEach((snippet, index) => {
    it(`${snippet.name} type-checks`, { timeout: 120_000 }, () => {
      expect(diagnosticsOf(index), `in ${snippet.file}`).toEqual([])
    })
    if (snippet.run) {
      it(`${snippet.name} runs`, { timeout: 30_000 }, async () => {
        mkdirSync(virtualDir, { recursive: true })
        const path = virtualName(index)
        writeFileSync(path, moduleText(snippet))
        const { assert } = console
        // Run blocks state what must hold with console.assert, which only logs: here it throws.
        console.assert = (condition?: boolean, ...data: unknown[]) => {
          if (!condition) throw new Error(`console.assert failed ${data.map(String).join(' ')}`)
        }
        try {
          await import(/* @vite-ignore */ path)
        } catch (error) {
          throw new Error(`${snippet.name} threw while running`, { cause: error })
        } finally {
          console.assert = assert
        }
      })
    }
  })
})
