#!/usr/bin/env node
/**
 * `pnpm check:pkg` (part of `pnpm test`, after the build): the packaging gates for every
 * publishable package in packages/*, on the tarball `pnpm pack` makes (what npm would publish):
 *
 * - `publint --strict`: exports/imports/files agree with what is packed (warnings fail too);
 * - `attw` (@arethetypeswrong/cli) on the tarball: types resolve for node10, node16 CJS/ESM and
 *   bundler, and agree with the JavaScript they describe;
 * - no type declaration references `#crypto` (the core's private `imports` alias, which consumers'
 *   TypeScript cannot resolve).
 *
 * Runtime checks of the packed packages (ESM/CJS smoke, HMAC-only bundle) are vitest tests in
 * test/package/. Exits 1 when any gate fails.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const attw = join(root, 'node_modules', '.bin', 'attw')

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private)

const work = mkdtempSync(join(tmpdir(), 'hookwarden-check-packages-'))
const started = Date.now()

/** Every file under `dir`, relative to it. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name), base)
      : [relative(base, join(dir, entry.name))],
  )
}

/** Runs the gates for one package; returns its problems (strings), empty when clean. */
async function check({ dir, manifest }) {
  const name = manifest.name
  if (!existsSync(join(dir, 'dist'))) return [`dist is missing: run pnpm build first`]
  const problems = []
  const dest = join(work, name.replace('/', '__'))
  mkdirSync(join(dest, 'package'), { recursive: true })
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', dest, '--json'], { cwd: dir })
  const tarball = JSON.parse(stdout).filename
  await run('tar', ['xzf', tarball, '-C', join(dest, 'package'), '--strip-components=1'])

  // publint --strict (warnings count as errors); it packs with pnpm itself, which lets it also
  // tell apart files that exist but are not published.
  const { messages, pkg } = await publint({ pkgDir: dir, pack: 'pnpm', strict: true })
  for (const message of messages) {
    const text = `publint ${message.type}: ${formatMessage(message, pkg) ?? message.code}`
    if (message.type === 'suggestion') console.log(`  ${name}: ${text}`)
    else problems.push(text)
  }

  // attw on the same tarball. Packages without a JavaScript entry (a bin-only CLI) have nothing to type.
  if (manifest.exports || manifest.main || manifest.types) {
    try {
      await run(
        attw,
        [tarball, '--no-definitely-typed', '--format', 'ascii', '--no-color', '--no-emoji'],
        {
          cwd: dest,
        },
      )
    } catch (error) {
      problems.push(`attw: ${String(error.stdout || error.message).trim()}`)
    }
  }

  // Declarations must not name the private #crypto alias.
  const declarations = filesUnder(join(dest, 'package')).filter((file) =>
    /\.d\.[cm]?ts$/.test(file),
  )
  for (const file of declarations) {
    if (readFileSync(join(dest, 'package', file), 'utf8').includes('#crypto')) {
      problems.push(`${file} references #crypto`)
    }
  }
  return problems
}

let failed = 0
try {
  // Two at a time: attw is CPU-bound and CI machines have two cores.
  const queue = [...packages]
  const results = new Map()
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        results.set(
          next.manifest.name,
          await check(next).catch((error) => [String(error.stack ?? error)]),
        )
      }
    }),
  )
  for (const { manifest } of packages) {
    const problems = results.get(manifest.name)
    if (problems.length === 0) {
      console.log(`ok   ${manifest.name}: publint --strict, attw, declarations free of #crypto`)
    } else {
      failed++
      console.log(
        `FAIL ${manifest.name}:\n${problems.map((p) => `  ${p.replaceAll('\n', '\n    ')}`).join('\n')}`,
      )
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
console.log(
  `check:pkg: ${packages.length - failed}/${packages.length} packages clean in ${((Date.now() - started) / 1000).toFixed(1)} s`,
)
if (failed > 0) process.exitCode = 1
