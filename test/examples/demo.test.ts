import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { presets } from '@hookwarden/core'

const run = fileURLToPath(new URL('../../examples/demo/run.mjs', import.meta.url))

// The README's first command (`pnpm demo`) runs this script: it must finish on its own, play every
// preset, fit 100 columns, and exit 0 only when every receiver answered every case as expected
// (execFile rejects on any other exit code).
it('the demo plays every preset against every receiver, within 100 columns, and exits 0', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [run], {
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  const lines = stdout.split('\n')
  const [, deliveries, asExpected] = /(\d+) deliveries, (\d+) as expected\.$/m.exec(stdout) ?? []
  expect(deliveries).toBeDefined()
  expect(asExpected).toBe(deliveries)
  expect(stdout).not.toContain('No demo sender for')
  // Each sender's block starts with its name at the left margin.
  const blocks = lines.flatMap((line) => /^([a-z][A-Za-z]*)(?: +expr\b.*)?$/.exec(line)?.[1] ?? [])
  expect(blocks.sort()).toEqual(Object.keys(presets).sort())
  expect(lines.filter((line) => [...line].length > 100)).toEqual([])
  // Spot checks: a replay is acknowledged, a tampered body is a mismatch with a diagnosis.
  expect(stdout).toMatch(/^ {2}replayed +(✓200 +)+duplicate, acknowledged$/m)
  expect(stdout).toMatch(
    /^solvimon[^]*?tampered body +(✓401 +)+SIGNATURE_MISMATCH\n {6}No configured secret produced/m,
  )
}, 180_000)
