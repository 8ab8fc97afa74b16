import { describe, it } from 'vitest'
import { fuzzSubject } from './fuzz.js'
import { prepare, subjectSpecs, type SubjectSpec } from './subjects.js'

/** One test per subject that `pick` selects; each prepares its genuine deliveries, then fuzzes. */
export function describeFuzz(
  title: string,
  pick: (spec: SubjectSpec, index: number) => boolean,
): void {
  describe(title, () => {
    subjectSpecs()
      .filter(pick)
      .forEach((spec) => {
        it(spec.name, async () => {
          await fuzzSubject(await prepare(spec))
        })
      })
  })
}
