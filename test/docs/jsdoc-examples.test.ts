/**
 * Keeps the JSDoc examples true: every `@example` in `packages/<name>/src/**\/*.ts` (tests aside),
 * which users read in editor hovers and in the published .d.ts, is type-checked against the package
 * sources with the repository's strict flags (compile-snippets.ts, as for the README blocks).
 *
 * CONTRIBUTING: how to write an example that passes
 *
 * - An example is the comment lines from `@example` to the next tag or the end of the comment,
 *   without the ` * ` margin. It is its own module.
 * - Write what a user writes after their imports: the test imports, by itself, every name the
 *   example uses without defining it and that the published entries export (`@hookwarden/<name>`
 *   and subpaths, from each package.json's `exports`; the example's own package first, then
 *   core, then the others), or that the package's peer dependencies (frameworks) or `node:http`
 *   export (named exports; `node:http` only as `http`). A module's default export is imported
 *   under a name that spells the module: `express`, `Koa`, `fastify`, `http`.
 * - Any other name (`app`, `router`, `queue`, `handle`) is declared in a hidden prelude: `//`
 *   comment lines right above the JSDoc comment, the first starting `// example prelude:`. They
 *   are not in hovers nor in the .d.ts; their text comes before each example of that comment:
 *
 *       // example prelude: declare const app: import('express').Express
 *       // declare function handle(event: unknown): void
 *       /**
 *
 *   Prefer `declare` in preludes; they may also import, and use `!` and casts.
 * - Secrets are read as users should: `process.env['NAME'] ?? ''` (an empty secret throws at
 *   start-up). No `x!` and no `x as T` (`as const` is fine) in the example itself.
 * - A line starting with `@` (a decorator) starts a new JSDoc tag, and so does ` @name` after a
 *   space anywhere but inside backticks: editors cut the example there, so the test does too and
 *   reports it.
 *
 * A failure names the source file and line: `packages/core/src/combinators.ts:28:27 TS2304 ...`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import {
  createSnippetProgram,
  lineCount,
  root,
  snippetCompilerOptions,
  snippetProblems,
  virtualDir,
  type SnippetModule,
} from './compile-snippets.js'

interface Example {
  /** `packages/core/src/combinators.ts:27`: the line of the `@example` tag. */
  readonly name: string
  readonly file: string
  /** The package folder's name: `core`, `express`. */
  readonly packageName: string
  readonly code: string
  /** 1-based source line of each code line, and the width of the margin stripped from it. */
  readonly lines: readonly { readonly line: number; readonly margin: number }[]
  readonly prelude: string
  /** Problems found while extracting: an empty example, a tag that cuts it. */
  readonly extractionProblems: readonly string[]
}

const packageNames = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

function sourceFiles(packageName: string): string[] {
  const src = join('packages', packageName, 'src')
  return readdirSync(join(root, src), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !/\.(test|test-d|d)\.ts$/.test(file))
    .map((file) => join(src, file))
    .sort()
}

const TAG = /^\s*@(\w+)/
const PRELUDE_START = /^\s*\/\/ example prelude:(.*)$/

/** The text of a comment line without its ` * ` margin (and without `/**` or `*\/`). */
function stripMargin(line: string): { text: string; margin: number } {
  const margin = /^\s*(\/\*\*|\*(?!\/))? ?/.exec(line)?.[0].length ?? 0
  const text = line.slice(margin).replace(/\s*\*\/\s*$/, '')
  return { text, margin }
}

/** The `// example prelude:` lines right above the comment that opens on `open` (0-based). */
function hiddenPrelude(lines: readonly string[], open: number): string {
  let start = open - 1
  while (start >= 0 && /^\s*\/\//.test(lines[start] ?? '')) start--
  start++
  while (start < open && !PRELUDE_START.test(lines[start] ?? '')) start++
  return lines
    .slice(start, open)
    .map((line) => PRELUDE_START.exec(line)?.[1] ?? line.replace(/^\s*\/\/ ?/, ''))
    .join('\n')
    .trim()
}

/** ` @name` after whitespace, outside backticks: TypeScript starts a new tag there. */
function cuttingTag(line: string): string | undefined {
  const outsideBackticks = line.split('`').filter((_, index) => index % 2 === 0)
  for (const part of outsideBackticks) {
    const match = /\s(@[\w.]+)/.exec(part)
    if (match?.[1] !== undefined) return match[1]
  }
  return undefined
}

function extractExamples(file: string, packageName: string): Example[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n')
  const examples: Example[] = []
  for (let open = 0; open < lines.length; open++) {
    if (!/^\s*\/\*\*/.test(lines[open] ?? '')) continue
    let close = open
    while (close < lines.length && !(lines[close] ?? '').includes('*/')) close++
    const prelude = hiddenPrelude(lines, open)
    for (let tag = open; tag <= close; tag++) {
      const { text } = stripMargin(lines[tag] ?? '')
      if (TAG.exec(text)?.[1] !== 'example') continue
      const code: { line: number; margin: number; text: string }[] = []
      const caption = text.replace(TAG, '').trim()
      if (caption !== '') code.push({ line: tag + 1, margin: 0, text: caption })
      let next = tag + 1
      for (; next <= close; next++) {
        const stripped = stripMargin(lines[next] ?? '')
        if (TAG.test(stripped.text) || (next === close && stripped.text.trim() === '')) break
        code.push({ line: next + 1, margin: stripped.margin, text: stripped.text })
      }
      while (code.length > 0 && (code.at(-1)?.text.trim() ?? '') === '') code.pop()
      const name = `${file}:${tag + 1}`
      const extractionProblems: string[] = []
      if (code.length === 0) extractionProblems.push(`${name} empty example`)
      // JSDoc tags are lower case; `@Post(...)` is a decorator that TypeScript took for a tag.
      const endingTag = TAG.exec(stripMargin(lines[next] ?? '').text)?.[1] ?? ''
      if (next <= close && /^[A-Z]/.test(endingTag))
        extractionProblems.push(
          `${file}:${next + 1} \`@${endingTag}\` starts a new JSDoc tag: editors end the example here`,
        )
      for (const { line, text: codeLine } of code) {
        const cut = cuttingTag(codeLine)
        if (cut !== undefined)
          extractionProblems.push(
            `${file}:${line} \`${cut}\` after a space starts a new JSDoc tag: editors cut the example here`,
          )
      }
      examples.push({
        name,
        file,
        packageName,
        code: code.map((entry) => entry.text).join('\n'),
        lines: code,
        prelude,
        extractionProblems,
      })
      tag = next - 1
    }
    open = close
  }
  return examples
}

const examples = packageNames.flatMap((packageName) =>
  sourceFiles(packageName).flatMap((file) => extractExamples(file, packageName)),
)

interface PackageJson {
  readonly name: string
  readonly exports?: Readonly<Record<string, unknown>>
  readonly peerDependencies?: Readonly<Record<string, string>>
}

const packageJson = (packageName: string): PackageJson =>
  JSON.parse(readFileSync(join(root, 'packages', packageName, 'package.json'), 'utf8'))

/** The specifiers users import: `@hookwarden/core`, `@hookwarden/core/testing`, ... */
function entries(packageName: string): string[] {
  const { name, exports = {} } = packageJson(packageName)
  return Object.keys(exports)
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`))
}

/** Where an example's names may come from, best first. */
function candidateModules(packageName: string): string[] {
  const others = packageNames.filter((name) => name !== packageName && name !== 'core')
  return [
    ...new Set([
      ...entries(packageName),
      ...entries('core'),
      ...others.flatMap(entries),
      ...Object.keys(packageJson(packageName).peerDependencies ?? {}),
      'node:http',
    ]),
  ]
}

interface ModuleExports {
  /** Named exports: whether each is a value (else a type only). */
  readonly named: ReadonlyMap<string, boolean>
  /** The one local name its default export takes in examples (`express`, `koa`), if it has one. */
  readonly defaultName: string | undefined
}

const probeName = join(virtualDir, 'exports-probe.ts')

/** What each module exports, read from the program the examples are then checked in. */
function moduleExports(program: ts.Program, specifiers: readonly string[]) {
  const checker = program.getTypeChecker()
  const probe = program.getSourceFile(probeName)
  if (probe === undefined) throw new Error('the exports probe is not in the program')
  const found = new Map<string, ModuleExports>()
  probe.statements.forEach((statement, index) => {
    const specifier = specifiers[index]
    if (!ts.isImportDeclaration(statement) || specifier === undefined) return
    const module = checker.getSymbolAtLocation(statement.moduleSpecifier)
    if (module === undefined) throw new Error(`${specifier} does not resolve`)
    const named = new Map<string, boolean>()
    // Node's modules export common words (`request`): examples take only their default export.
    const symbols = specifier.startsWith('node:') ? [] : checker.getExportsOfModule(module)
    for (const symbol of symbols) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      named.set(symbol.name, (target.flags & ts.SymbolFlags.Value) !== 0)
    }
    const hasDefault =
      specifier.startsWith('node:') ||
      named.has('default') ||
      module.exports?.has(ts.InternalSymbolName.ExportEquals) === true
    named.delete('default')
    const base =
      specifier
        .replace(/^node:/, '')
        .split('/')
        .at(-1) ?? specifier
    found.set(specifier, { named, defaultName: hasDefault ? base.toLowerCase() : undefined })
  })
  return found
}

/** Names an example refers to, and names it (or its prelude) declares. */
function namesOf(text: string): { used: Set<string>; declared: Set<string> } {
  const source = ts.createSourceFile('example.ts', text, ts.ScriptTarget.ES2022, true)
  const used = new Set<string>()
  const declared = new Set<string>()
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const { parent } = node
      const isName = 'name' in parent && parent.name === node
      if (
        isName &&
        (ts.isVariableDeclaration(parent) ||
          ts.isParameter(parent) ||
          ts.isBindingElement(parent) ||
          ts.isFunctionDeclaration(parent) ||
          ts.isClassDeclaration(parent) ||
          ts.isInterfaceDeclaration(parent) ||
          ts.isTypeAliasDeclaration(parent) ||
          ts.isImportSpecifier(parent) ||
          ts.isImportClause(parent) ||
          ts.isNamespaceImport(parent))
      )
        declared.add(node.text)
      else if (
        !(isName && (ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent))) &&
        !(isName && (ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent))) &&
        !(ts.isBindingElement(parent) && parent.propertyName === node)
      )
        used.add(node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return { used, declared }
}

/** `import { presets } from '@hookwarden/core'`...: what a user writes above the example. */
function autoImports(example: Example, exportsOf: ReadonlyMap<string, ModuleExports>): string[] {
  const { used, declared } = namesOf(`${example.prelude}\n${example.code}`)
  const wanted = [...used].filter((name) => !declared.has(name))
  const imports: string[] = []
  const taken = new Set<string>()
  for (const specifier of candidateModules(example.packageName)) {
    const exported = exportsOf.get(specifier)
    if (exported === undefined) continue
    const parts: string[] = []
    let defaultImport: string | undefined
    for (const name of wanted) {
      if (taken.has(name)) continue
      if (name.toLowerCase() === exported.defaultName && !exported.named.has(name)) {
        defaultImport = name
      } else {
        const isValue = exported.named.get(name)
        if (isValue === undefined) continue
        parts.push(isValue ? name : `type ${name}`)
      }
      taken.add(name)
    }
    const clauses = [
      ...(defaultImport === undefined ? [] : [defaultImport]),
      ...(parts.length === 0 ? [] : [`{ ${parts.join(', ')} }`]),
    ]
    if (clauses.length > 0) imports.push(`import ${clauses.join(', ')} from '${specifier}'`)
  }
  return imports
}

const exampleName = (index: number) => join(virtualDir, `example-${index}.ts`)

function exampleModule(example: Example, index: number, imports: string[]): SnippetModule {
  const head = [...imports, ...(example.prelude === '' ? [] : [example.prelude])].join('\n')
  const headLines = head === '' ? 0 : lineCount(head)
  const text = [...(head === '' ? [] : [head]), example.code, 'export {}', ''].join('\n')
  return {
    fileName: exampleName(index),
    text,
    ownLines: [headLines, headLines + example.lines.length],
    position: (line, character) => {
      const source = example.lines[line - headLines]
      if (source === undefined) return `${example.name} (prelude line ${line + 1}: ${head})`
      return `${example.file}:${source.line}:${source.margin + character + 1}`
    },
  }
}

/** One program for all examples (and the exports probe), so the sources are checked once. */
function typeCheck(): string[][] {
  const options = snippetCompilerOptions()
  const specifiers = [...new Set(packageNames.flatMap(candidateModules))]
  const probe = specifiers
    .map((specifier, index) => `import * as module${index} from '${specifier}'`)
    .join('\n')
  const probeFiles = new Map([[probeName, `${probe}\nexport {}\n`]])
  const probeProgram = createSnippetProgram(probeFiles, options)
  const exportsOf = moduleExports(probeProgram, specifiers)
  const modules = examples.map((example, index) =>
    exampleModule(example, index, autoImports(example, exportsOf)),
  )
  const files = new Map(modules.map((module) => [module.fileName, module.text]))
  const program = createSnippetProgram(files, options, probeProgram)
  return modules.map((module, index) => [
    ...(examples[index]?.extractionProblems ?? []),
    ...snippetProblems(program, module),
  ])
}

let checked: string[][] | undefined
const problemsOf = (index: number) => (checked ??= typeCheck())[index] ?? []

describe('JSDoc @example blocks', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(80)
    expect(new Set(examples.map((example) => example.packageName)).size).toBeGreaterThan(10)
  })

  examples.forEach((example, index) => {
    it(`${example.name} type-checks`, { timeout: 120_000 }, () => {
      expect(problemsOf(index), `in ${relative(root, join(root, example.file))}`).toEqual([])
    })
  })
})
