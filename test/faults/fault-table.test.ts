/**
 * The fault table in packages/core/README.md is generated from SCENARIOS: the rows the README
 * shows are the faults this suite runs, with the answers it expects.
 */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { SCENARIOS } from './scenarios.js'

const readme = readFileSync(new URL('../../packages/core/README.md', import.meta.url), 'utf8')

it('packages/core/README.md lists every fault of the suite, as the suite runs it', () => {
  const rows = SCENARIOS.map(
    ({ name, answer, retry, twice }) => `| ${name} | ${answer} | ${retry} | ${twice} |`,
  )
  const table = readme.split('<!-- fault-table -->')[1] ?? ''
  expect(
    table
      .split('\n')
      .filter(
        (line) => line.startsWith('| ') && !line.startsWith('| Fault') && !line.startsWith('| ---'),
      ),
  ).toEqual(expect.arrayContaining(rows))
})
