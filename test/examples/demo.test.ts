import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const demo = fileURLToPath(new URL('../../examples/demo/demo.mjs', import.meta.url))

// The README's first command runs this script (after `pnpm build`): it must finish on its own
// and exit 0 only when every receiver answered every case as expected.
it('the demo runs every sender against Express, Koa and fetch and exits 0', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [demo], { timeout: 60_000 })
  expect(stdout).toMatch(/\d+ senders, \d+ deliveries, every case as expected\./)
  expect(stdout).toContain('Skipped (no entry in SENDERS): none.')
  expect(stdout).toMatch(/stripe\s+replayed\s+duplicate\s+200 duplicate/)
  expect(stdout).toMatch(/solvimon\s+tampered body\s+rejected\s+401 SIGNATURE_MISMATCH/)
})
