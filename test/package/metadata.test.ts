/**
 * What npm shows for each packed package (test/package/packed.ts; needs `pnpm build`): the MIT
 * LICENSE file, a description, the repository with the package's directory, and README links to
 * files in the package (core's PRESETS.md) that resolve inside the tarball.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, join, normalize } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installPacked, root, workspacePackages, type Installed } from './packed.js'

let installed: Installed

beforeAll(async () => {
  installed = await installPacked()
}, 120_000)
afterAll(() => installed?.dispose())

interface Manifest {
  name: string
  description?: string
  license?: string
  files?: string[]
  repository?: { type?: string; url?: string; directory?: string }
}

const packages = workspacePackages().map(({ dir, manifest }) => ({
  name: manifest.name,
  folder: basename(dir),
}))

/** Relative Markdown link targets that stay inside the package (no scheme, anchor or `../`). */
function localLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target) && !target.startsWith('../'))
}

it('the repository has an MIT LICENSE at its root', () => {
  expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/)
})

describe.each(packages)('$name', ({ name, folder }) => {
  const unpacked = () => installed.packages.get(name)!
  const manifest = () =>
    JSON.parse(readFileSync(join(unpacked(), 'package.json'), 'utf8')) as Manifest

  it('ships the MIT LICENSE, listed in files', () => {
    expect(readFileSync(join(unpacked(), 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(root, 'LICENSE'), 'utf8'),
    )
    expect(manifest().license).toBe('MIT')
    expect(manifest().files).toContain('LICENSE')
  })

  it('has a description and the repository with its directory', () => {
    expect(manifest().description?.length ?? 0).toBeGreaterThan(20)
    expect(manifest().repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/hookwarden/hookwarden.git',
      directory: `packages/${folder}`,
    })
  })

  it('ships every file its README links to inside the package', () => {
    const readme = readFileSync(join(unpacked(), 'README.md'), 'utf8')
    for (const target of localLinks(readme)) {
      expect(existsSync(join(unpacked(), normalize(target))), `${target} is not packed`).toBe(true)
    }
  })
})

it('core ships PRESETS.md, and its README links to it', () => {
  const core = installed.packages.get('@hookwarden/core')!
  expect(readFileSync(join(core, 'PRESETS.md'), 'utf8')).toBe(
    readFileSync(join(root, 'packages/core/PRESETS.md'), 'utf8'),
  )
  expect(localLinks(readFileSync(join(core, 'README.md'), 'utf8'))).toContain('PRESETS.md')
})
