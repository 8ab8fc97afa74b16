/** Every preset, and every check type, is in the hardening suite's subjects (a new one must be added there). */
import { describe, expect, it } from 'vitest'
import { presets } from '@hookwarden/core'
import { BODY_FIELD_PRESETS } from './support/body-fields.js'
import { runsFor } from './support/runs.js'
import { subjectSpecs } from './support/subjects.js'

describe('hardening coverage', () => {
  const specs = subjectSpecs()

  // Presets whose material sits in the body (Mailgun, Adyen, Microsoft Graph's clientState) are
  // fuzzed by `fuzz-body-fields.test.ts`; every other one is a subject of the header model.
  it.each(Object.keys(presets))('preset %s is fuzzed', (name) => {
    expect(
      BODY_FIELD_PRESETS.has(name) ||
        specs.some(
          (s) =>
            s.name === `preset ${name}` ||
            s.name.startsWith(`preset ${name} `) ||
            s.name.startsWith(`preset ${name}.`),
        ),
    ).toBe(true)
  })

  it('each check type gets at least HOOKWARDEN_FUZZ_RUNS generated inputs', () => {
    const totals = new Map<string, number>()
    for (const spec of specs)
      totals.set(spec.family, (totals.get(spec.family) ?? 0) + runsFor(spec.share))
    expect([...totals.keys()].sort()).toEqual([
      'apiKey',
      'basicAuth',
      'combinator',
      'ecdsa',
      'ed25519',
      'hmac',
      'jws',
      'rsa',
    ])
    for (const [family, total] of totals) expect(total, family).toBeGreaterThanOrEqual(runsFor(1))
  })
})
