/**
 * Type-checks documentation snippets (README blocks, JSDoc `@example`s) as modules of one
 * TypeScript program, with the repository's strict flags, and reports problems at their place in
 * the documentation: `packages/core/README.md:42:7 TS2304 Cannot find name 'x'`.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/** Where virtual snippet modules live: inside test/ so `@hookwarden/*` paths and Node types apply. */
export const virtualDir = join(root, 'test/docs/.tmp')

/** A snippet as the module it becomes, and how to map its lines back to the documentation. */
export interface SnippetModule {
  readonly fileName: string
  readonly text: string
  /** 0-based lines of the module that are the author's own code: no `x!` and no `x as T` there. */
  readonly ownLines: readonly [first: number, end: number]
  /** Where a 0-based line and column of the module come from in the documentation. */
  readonly position: (line: number, character: number) => string
}

export const lineCount = (text: string) => (text === '' ? 1 : text.split('\n').length)

/**
 * tsconfig.json's options (tsconfig.base.json's strict flags, Node's and the DOM's types), except
 * that unused locals and parameters are allowed: a snippet shows part of a program.
 */
export function snippetCompilerOptions(): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )
  if (config === undefined) throw new Error('tsconfig.json could not be read')
  return {
    ...config.options,
    noUnusedLocals: false,
    noUnusedParameters: false,
    // Nest's decorators (packages/nestjs) are the legacy ones, as in a Nest app's tsconfig.json;
    // no other snippet uses decorators, so the flag changes nothing for them.
    experimentalDecorators: true,
    noEmit: true,
  }
}

/**
 * One program for all the given modules (text by file name), so the package sources are checked
 * once. `oldProgram` lets a second program reuse the first one's parsed sources.
 */
export function createSnippetProgram(
  files: ReadonlyMap<string, string>,
  options: ts.CompilerOptions = snippetCompilerOptions(),
  oldProgram?: ts.Program,
): ts.Program {
  const host = ts.createCompilerHost(options)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name)
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name)
  host.getSourceFile = (name, version, ...rest) => {
    const text = files.get(name)
    return text === undefined
      ? getSourceFile.call(host, name, version, ...rest)
      : ts.createSourceFile(name, text, version, true)
  }
  return ts.createProgram([...files.keys()], options, host, oldProgram)
}

/** Compiler diagnostics and shortcuts (`x!`, `x as T`) of one snippet module, at their doc position. */
export function snippetProblems(program: ts.Program, snippet: SnippetModule): string[] {
  const source = program.getSourceFile(snippet.fileName)
  if (source === undefined) throw new Error(`${snippet.fileName}: not in the program`)
  const at = (position: number) => {
    const { line, character } = source.getLineAndCharacterOfPosition(position)
    return snippet.position(line, character)
  }
  const diagnostics = [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ]
  return [
    ...diagnostics.map(
      (diagnostic) =>
        `${at(diagnostic.start ?? 0)} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')}`,
    ),
    ...shortcuts(source, snippet.ownLines).map(
      (node) => `${at(node.getStart())} ${describeShortcut(node)}`,
    ),
  ]
}

/** `x!` and `x as T` in a snippet's own code (preludes may use them): docs show code that needs neither. */
function shortcuts(source: ts.SourceFile, [first, end]: readonly [number, number]): ts.Node[] {
  const found: ts.Node[] = []
  const visit = (node: ts.Node): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line
    const cast =
      (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) &&
      !(ts.isTypeReferenceNode(node.type) && node.type.getText() === 'const')
    if (line >= first && line < end && (ts.isNonNullExpression(node) || cast)) found.push(node)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function describeShortcut(node: ts.Node): string {
  return ts.isNonNullExpression(node)
    ? `non-null assertion \`${node.getText()}\`: use webhookOf(req), \`?? ''\` or a check`
    : `cast \`${node.getText()}\`: write code whose types hold without it`
}
