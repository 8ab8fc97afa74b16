/**
 * Every single-byte change of a genuine delivery's signed parts is rejected: for each check and
 * preset, each position of the body, the signature, the timestamp, the delivery id (and the
 * credentials), changed by +1, by xor 0x01, deleted, or doubled (one insertion). The one accepted
 * change is a text that still denotes the genuine signature bytes: hex in another letter case, or
 * Base64url with or without its padding where the scheme accepts both.
 *
 * Also runs on the Web Crypto side of the seam (the `web-crypto` project includes this file).
 */
import { describe, expect, it } from 'vitest'
import { createVerifier, type VerifyResult } from '@hookwarden/core'
import { implementation } from '#crypto'
import { toRequest } from './support/fuzz.js'
import { assertSoundRejection } from './support/invariants.js'
import { cloneState, slotsOf, verdict, type Slot, type State } from './support/model.js'
import { FUZZ_VERBOSE } from './support/runs.js'
import { NOW, prepare, subjectSpecs } from './support/subjects.js'

/** The four single-byte edits at position `i` of a string (by UTF-16 unit: every text here is ASCII). */
function edits(text: string): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const put = (code: number) => text.slice(0, i) + String.fromCharCode(code) + text.slice(i + 1)
    out.push(
      put((c + 1) & 0xffff),
      put(c ^ 1),
      text.slice(0, i) + text.slice(i + 1),
      text.slice(0, i + 1) + text.slice(i),
    )
  }
  return out
}

function byteEdits(body: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < body.length; i++) {
    const inc = body.slice()
    inc[i] = (inc[i]! + 1) & 0xff
    const xor = body.slice()
    xor[i]! ^= 1
    const removed = new Uint8Array([...body.subarray(0, i), ...body.subarray(i + 1)])
    const doubled = new Uint8Array([...body.subarray(0, i + 1), ...body.subarray(i)])
    out.push(inc, xor, removed, doubled)
  }
  if (body.length === 0) out.push(new Uint8Array([0]))
  return out
}

const code = (result: VerifyResult) => (result.ok ? 'accepted' : result.error.code)

describe(`single-byte mutations are rejected (${implementation} crypto)`, () => {
  for (const spec of subjectSpecs()) {
    it(spec.name, async () => {
      const subject = await prepare(spec)
      const verifier = createVerifier(subject.check, { clock: () => NOW })
      const genuine = subject.genuine[0]!.state
      let tried = 0
      let tolerated = 0

      /**
       * The oracle's verdict decides (anyOf: another intact credential still passes). A change it
       * leaves open must still be rejected for signatures, timestamps and ids; for credentials it
       * is whitespace around the auth scheme, which RFC 7617 allows; for a form-signing scheme's
       * body, another encoding of the same parameters.
       */
      const attempt = async (state: State, group: string, what: string) => {
        tried++
        const expected = verdict(state)
        const result = await verifier.verify(toRequest(state).request)
        if (!result.ok) assertSoundRejection(result.error, subject.canaries, false)
        if (expected === 'either' && group.startsWith('cred:')) return
        // A form body re-encoded to the same signed text (`%C3` as `%c3`): the scheme leaves it open.
        if (expected === 'either' && group === 'body') return
        if (expected === 'accept') tolerated++
        const want = expected === 'accept' ? 'accepted' : 'rejected'
        expect(result.ok ? 'accepted' : 'rejected', `${what} -> ${code(result)}`).toBe(want)
      }

      // Signed header values: signature, timestamp, id, credentials (and the signed method/URL).
      const slots = slotsOf(genuine).filter(
        (s) => s.group !== undefined && !s.group.startsWith('sel:'),
      )
      expect(slots.length).toBeGreaterThan(0)
      for (let index = 0; index < slots.length; index++) {
        const original: Slot = slots[index]!
        for (const text of new Set(edits(original.text))) {
          if (text === original.text) continue
          const state = cloneState(genuine)
          const slot = slotsOf(state).filter(
            (s) => s.group !== undefined && !s.group.startsWith('sel:'),
          )[index]!
          slot.text = text
          // Accepted only if the text still denotes the genuine signature (or other signed value).
          await attempt(state, original.group!, `${original.group}: ${JSON.stringify(text)}`)
        }
      }
      if (subject.bodySigned) {
        for (const body of byteEdits(genuine.body)) {
          const state = cloneState(genuine)
          state.body = body
          await attempt(state, 'body', `body ${Buffer.from(body).toString('hex')}`)
        }
      }
      if (FUZZ_VERBOSE)
        console.info(`[mutation] ${spec.name}: ${tried} edits, ${tolerated} accepted`)
      // Most edits must be rejections; the tolerated ones are hex case and optional padding only
      // (with anyOf and both credentials sent, one intact credential is enough by design).
      if ((subject.alternatives?.length ?? 1) === 1)
        expect(tried - tolerated).toBeGreaterThan(tried * 0.9)
    })
  }
})
