/**
 * Installs the packages the way a user gets them: `pnpm pack` each built package, unpack the
 * tarballs into a temporary `node_modules`, and link their dependencies from the workspace. What is
 * not in `files`, or not reachable through `exports`/`imports`, fails here as it would for users.
 */
import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const root = fileURLToPath(new URL('../..', import.meta.url))

interface Manifest {
  name: string
  private?: boolean
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

export interface Installed {
  /** The temporary project directory (scripts written here resolve the installed packages). */
  dir: string
  /** Package name → its unpacked directory. */
  packages: Map<string, string>
  dispose(): void
}

/** The publishable workspace packages (`packages/*`, not private). */
export function workspacePackages(): Array<{ dir: string; manifest: Manifest }> {
  return readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest,
    }))
    .filter(({ manifest }) => !manifest.private)
}

/** Packs and unpacks `names` (default: every publishable package); needs `pnpm build` first. */
export async function installPacked(names?: string[]): Promise<Installed> {
  const wanted = workspacePackages().filter(
    ({ manifest }) => !names || names.includes(manifest.name),
  )
  const dir = mkdtempSync(join(tmpdir(), 'hookwarden-packed-'))
  const tarballs = join(dir, 'tarballs')
  const nodeModules = join(dir, 'node_modules')
  mkdirSync(tarballs)
  const packages = new Map<string, string>()
  try {
    await Promise.all(
      wanted.map(async ({ dir: source, manifest }) => {
        if (!existsSync(join(source, 'dist'))) {
          throw new Error(
            `${manifest.name}: dist is missing, run pnpm build before the package tests`,
          )
        }
        const { stdout } = await run('pnpm', ['pack', '--pack-destination', tarballs, '--json'], {
          cwd: source,
        })
        const { filename } = JSON.parse(stdout) as { filename: string }
        const target = join(nodeModules, manifest.name)
        mkdirSync(target, { recursive: true })
        await run('tar', ['xzf', filename, '-C', target, '--strip-components=1'])
        packages.set(manifest.name, target)
        // Dependencies and peers come from the workspace install (resolved from the real path, so
        // their own dependencies resolve too).
        for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
          if (dep.startsWith('@hookwarden/')) continue
          const link = join(nodeModules, dep)
          if (existsSync(link)) continue
          const from = [join(source, 'node_modules', dep), join(root, 'node_modules', dep)].find(
            (p) => existsSync(p),
          )
          if (!from)
            throw new Error(`${manifest.name}: dependency ${dep} is not installed in the workspace`)
          mkdirSync(dirname(link), { recursive: true })
          try {
            symlinkSync(realpathSync(from), link, 'dir')
          } catch (error) {
            // Two packages share the dependency and the other one linked it first.
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
          }
        }
      }),
    )
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return { dir, packages, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}
