/**
 * The structure-aware fuzzer's model of one delivery: every header and every pair inside a
 * signature header is a slot that knows its genuine value, so the oracle judges a mutated request
 * from what was changed, never by re-parsing it the way the library does.
 *
 * The oracle, per request:
 * - `reject` when any signed part (body, timestamp, delivery id, signed URL or method) differs from
 *   the genuine one, or no signature left in a required header denotes the genuine signature bytes
 *   (in an encoding the scheme accepts; hex in any case), or a required header is gone;
 * - `accept` when every signed part is byte-identical and the only changes are ones a verifier
 *   must tolerate: header-name case, header order, the `Headers`/record/array container, the body
 *   container, unrelated headers or parameters, pair order, whitespace around pairs, extra
 *   well-formed signatures, hex case, another accepted encoding of the same bytes;
 * - `either` for changes the scheme leaves open (a duplicated header, whitespace inside a signed
 *   value, a separator injected into a pair, an ECDSA signature re-signed as (r, n - s)). An
 *   accepted request of that kind must still carry exactly the genuine body, timestamp and id.
 */
import { trimOwsStart } from './ows.js'
import type { Encoding } from './encoding.js'

export type Judgement = 'same' | 'near' | 'different'
export type Verdict = 'accept' | 'reject' | 'either'

/** How a slot's current text compares with its genuine one. */
export type Judge = (text: string) => Judgement

export interface Slot {
  /** Requirement this slot satisfies; `undefined` for an unsigned, unread value. */
  readonly group: string | undefined
  readonly genuine: string
  readonly judge: Judge
  /** A well-formed but fresh value of the same shape (random signature bytes, a nearby time). */
  readonly shape?: ((seed: Uint8Array) => string) | undefined
  /** Signatures: the genuine bytes, re-encodable in `encodings`. */
  readonly signature?:
    | {
        readonly bytes: Uint8Array
        readonly encodings: readonly Encoding[]
        readonly prefix: string
      }
    | undefined
  /** Alternative texts denoting the same signed content (ECDSA (r, n - s)) or a rejected twin (Ed25519 S + L). */
  readonly malleated?: string | undefined
  text: string
  touched: boolean
  /** A decoy signature added by the fuzzer (well-formed, over other content). */
  readonly decoy: boolean
}

export interface Entry {
  key: string
  readonly genuineKey: string
  /** The key was changed into something the oracle does not judge (separators, another key). */
  keyOpen: boolean
  readonly slot: Slot
  before: string
  after: string
}

export type HeaderValue =
  | { readonly kind: 'plain'; readonly slot: Slot }
  | {
      readonly kind: 'list'
      /** `=` for pairs, `,` for tokens. */
      readonly keySep: string
      readonly joiner: string
      /** Characters that split or delimit entries: inside a value they make the judgement `near`. */
      readonly structural: RegExp
      /** The key signatures sit under. */
      readonly signatureKey: string
      /** Keys with a meaning (signature, timestamp, id, kid): an added parameter avoids them. */
      readonly reservedKeys: ReadonlySet<string>
      /** This delivery's genuine signature slot: a decoy is judged against it. */
      readonly template: Slot
      /**
       * Positional lists (no keys, `keySep` empty): the group the first entry holds; every later
       * entry is a signature. An entry counts only in the position its meaning belongs to.
       */
      readonly head?: string | undefined
      entries: Entry[]
    }

export interface HeaderState {
  name: string
  readonly canonical: string
  readonly value: HeaderValue
  /** Whole-value whitespace: tolerated (`neutral`) or left open (`ambiguous`). */
  readonly pad: 'neutral' | 'ambiguous'
  before: string
  after: string
  copies: number
  /** Holds something a check reads. */
  readonly material: boolean
}

export type Container = 'record' | 'arrays' | 'headers'
export type BodyForm = 'bytes' | 'offset' | 'string' | 'buffer'

export interface State {
  headers: HeaderState[]
  body: Uint8Array
  readonly genuineBody: Uint8Array
  readonly bodySigned: boolean
  /**
   * Form-signing schemes (Twilio, Mandrill) sign the decoded parameters, not the bytes: what the
   * sender signs of a body (`undefined` when it is not a form). Another body with the same text is
   * left open; the library may still refuse its encoding.
   */
  readonly bodyCanonical?: ((body: Uint8Array) => string | undefined) | undefined
  method: Slot
  url: Slot
  container: Container
  bodyForm: BodyForm
  /** A structural change the oracle does not judge. */
  ambiguous: boolean
  /** Groups each alternative requires (`anyOf`: several alternatives). */
  readonly alternatives: readonly (readonly string[])[]
  /** Header names a check reads (lowercase): an added random header never uses them. */
  readonly reserved: ReadonlySet<string>
}

/** Slots currently in the request, in header order. */
export function slotsOf(state: State): Slot[] {
  const slots: Slot[] = [state.url, state.method]
  for (const header of state.headers) {
    if (header.value.kind === 'plain') slots.push(header.value.slot)
    else for (const entry of header.value.entries) slots.push(entry.slot)
  }
  return slots
}

const RANK: Record<Judgement, number> = { same: 0, near: 1, different: 2 }
const worse = (a: Judgement, b: Judgement): Judgement => (RANK[a] >= RANK[b] ? a : b)
const better = (a: Judgement, b: Judgement): Judgement => (RANK[a] <= RANK[b] ? a : b)

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Current judgement of one requirement: the best of its slots (any one signature will do). */
function judgeGroup(state: State, group: string): Judgement {
  let best: Judgement = 'different'
  let found = false
  let brokenSibling = false
  for (const header of state.headers) {
    // Leading whitespace before a key is trimmed with the entry; an entry whose key was renamed
    // is not where the check looks for it; one renamed into separators or another key is open.
    // In a positional list the first entry is read as the head, every other one as a signature.
    const value = header.value
    const slots: [Slot, boolean][] =
      value.kind === 'plain'
        ? [[value.slot, false]]
        : value.head !== undefined
          ? value.entries
              .filter((e, i) => (i === 0) === (e.slot.group === value.head))
              .map((e) => [e.slot, false])
          : value.entries
              .filter((e) => e.keyOpen || trimOwsStart(e.key) === e.genuineKey)
              .map((e) => [e.slot, e.keyOpen && trimOwsStart(e.key) !== e.genuineKey])
    for (const [slot, open] of slots) {
      if (slot.group !== group) continue
      found = true
      const judgement = open ? worse('near', slot.judge(slot.text)) : slot.judge(slot.text)
      best = better(best, judgement)
      // A damaged extra signature may make the whole header malformed: strictness is allowed.
      if (slot.touched && judgement !== 'same') brokenSibling = true
    }
    // So may a renamed entry, which is not read as a signature, when its changed text holds the
    // list's separator: the text splits into entries of its own (`vz,  AL/d…` gives a `AL/d…`
    // token with no version), and a header with an entry that has no key is malformed.
    if (
      value.kind === 'list' &&
      value.entries.some((e) => e.slot.touched && value.structural.test(e.slot.text))
    )
      brokenSibling = true
  }
  // Without the key-id header every configured key is tried: left open.
  if (!found && group.startsWith('sel:')) return 'near'
  if (group === 'url') best = state.url.judge(state.url.text)
  if (group === 'method') best = state.method.judge(state.method.text)
  return best === 'same' && brokenSibling ? 'near' : best
}

/** A changed signed body: `reject`, or `either` where it decodes to the same signed text. */
function bodyVerdict(state: State): 'same' | 'near' | 'reject' {
  if (!state.bodySigned || bytesEqual(state.body, state.genuineBody)) return 'same'
  const canonical = state.bodyCanonical
  if (canonical === undefined) return 'reject'
  const text = canonical(state.body)
  return text !== undefined && text === canonical(state.genuineBody) ? 'near' : 'reject'
}

export function verdict(state: State): Verdict {
  const body = bodyVerdict(state)
  if (body === 'reject') return 'reject'
  let best: Judgement = 'different'
  for (const alternative of state.alternatives) {
    let worst: Judgement = 'same'
    for (const group of alternative) worst = worse(worst, judgeGroup(state, group))
    best = better(best, worst)
  }
  if (best === 'different') return 'reject'
  return best === 'near' || body === 'near' || state.ambiguous ? 'either' : 'accept'
}

// ---- rendering ---------------------------------------------------------------------------------

function headerText(header: HeaderState): string {
  const value = header.value
  const text =
    value.kind === 'plain'
      ? value.slot.text
      : value.entries
          .map((e) => `${e.before}${e.key}${value.keySep}${e.slot.text}${e.after}`)
          .join(value.joiner)
  return `${header.before}${text}${header.after}`
}

function defineOwn(record: Record<string, unknown>, name: string, value: unknown): void {
  // As JSON.parse would: an own property even for `__proto__`.
  Object.defineProperty(record, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

export type RenderedHeaders = Headers | Record<string, string | string[]>

/** The headers as the container asks; `Headers` refuses some values (NUL, non-Latin-1): then a record. */
export function renderHeaders(state: State): { headers: RenderedHeaders; container: Container } {
  const values: [string, string][] = []
  for (const header of state.headers) {
    const text = headerText(header)
    for (let i = 0; i < header.copies; i++) values.push([header.name, text])
  }
  if (state.container === 'headers') {
    try {
      const headers = new Headers()
      for (const [name, text] of values) headers.append(name, text)
      return { headers, container: 'headers' }
    } catch {
      // Not representable as Headers: fall through to a record.
    }
  }
  const record: Record<string, string | string[]> = {}
  for (const [name, text] of values) {
    const seen = Object.getOwnPropertyDescriptor(record, name)?.value as
      string | string[] | undefined
    if (seen === undefined) defineOwn(record, name, state.container === 'arrays' ? [text] : text)
    else defineOwn(record, name, Array.isArray(seen) ? [...seen, text] : [seen, text])
  }
  return { headers: record, container: state.container === 'arrays' ? 'arrays' : 'record' }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function renderBody(state: State): Uint8Array | ArrayBuffer | string {
  const body = state.body
  switch (state.bodyForm) {
    case 'bytes':
      return body.slice()
    case 'offset': {
      // A view into a larger buffer: the verifier must honour byteOffset and byteLength.
      const backing = new Uint8Array(body.length + 7).fill(0x5a)
      backing.set(body, 3)
      return backing.subarray(3, 3 + body.length)
    }
    case 'buffer':
      return body.slice().buffer
    case 'string': {
      let text: string | undefined
      try {
        text = strictUtf8.decode(body)
      } catch {
        text = undefined
      }
      const back = text === undefined ? undefined : new TextEncoder().encode(text)
      return text !== undefined && back !== undefined && bytesEqual(back, body)
        ? text
        : body.slice()
    }
  }
}

// ---- cloning -----------------------------------------------------------------------------------

function cloneSlot(slot: Slot): Slot {
  return { ...slot }
}

export function cloneState(state: State): State {
  return {
    ...state,
    url: cloneSlot(state.url),
    method: cloneSlot(state.method),
    headers: state.headers.map((h) => ({
      ...h,
      value:
        h.value.kind === 'plain'
          ? { kind: 'plain', slot: cloneSlot(h.value.slot) }
          : {
              ...h.value,
              entries: h.value.entries.map((e) => ({ ...e, slot: cloneSlot(e.slot) })),
            },
    })),
  }
}
