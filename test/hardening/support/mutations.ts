/**
 * What the fuzzer does to a genuine delivery: fast-check arbitraries for the operations, and
 * `applyOps` to run them on a copy of the model. Targets are plain numbers taken modulo what is
 * there, so the arbitraries do not depend on the delivery.
 */
import { trimOwsStart } from './ows.js'
import fc from 'fast-check'
import { encodeAs, type Encoding } from './encoding.js'
import {
  cloneState,
  slotsOf,
  type BodyForm,
  type Container,
  type HeaderState,
  type Slot,
  type State,
} from './model.js'

/** Characters that break parsers: separators, odd whitespace, NUL, case-folding traps, surrogates. */
export const SPECIAL_CHARS = [
  '\0',
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  ',',
  ';',
  '=',
  '.',
  ':',
  '"',
  '\\',
  '%',
  '+',
  '/',
  '-',
  '_',
  '\u00a0',
  '\u1680',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u0301',
  'é',
  'ß',
  'İ',
  'ı',
  '\u212a',
  '\u017f',
  '😀',
  '\ud800',
  '\udfff',
  '\uffff',
  'v',
  '1',
  '0',
  'a',
  'A',
  'f',
  'F',
  'g',
  'Z',
  'z',
]

/**
 * HTTP optional whitespace (SP, HTAB), which the library trims around headers and pairs; other
 * Unicode spaces are not trimmed (they come in through SPECIAL_CHARS as changes instead).
 */
export const TRIMMED_SPACE = [' ', '\t']

export const charArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_CHARS), weight: 3 },
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 3 },
  {
    arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
    weight: 1,
  },
)

const textArb = fc.array(charArb, { maxLength: 24 }).map((chars) => chars.join(''))
const spaceArb = fc
  .array(fc.constantFrom(...TRIMMED_SPACE), { minLength: 1, maxLength: 3 })
  .map((s) => s.join(''))
const keyArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/)
const safeValueArb = fc.stringMatching(/^[A-Za-z0-9]{1,16}$/)
const tokenNameArb = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'X-Forwarded-For',
    'Content-Type',
  ),
)
const pos = fc.nat({ max: 1 << 16 })

export type StringMutation =
  | { readonly m: 'flip'; readonly at: number; readonly how: 'inc' | 'dec' | 'xor' }
  | { readonly m: 'set'; readonly at: number; readonly ch: string }
  | { readonly m: 'insert'; readonly at: number; readonly ch: string }
  | { readonly m: 'delete'; readonly at: number }
  | { readonly m: 'truncate'; readonly at: number }
  | { readonly m: 'replace'; readonly text: string }
  | { readonly m: 'append'; readonly text: string }
  | { readonly m: 'case'; readonly how: 'upper' | 'lower' | 'one'; readonly at: number }
  | { readonly m: 'pad'; readonly before: string; readonly after: string }
  | { readonly m: 'double' }
  | { readonly m: 'empty' }
  | { readonly m: 'shape'; readonly seed: Uint8Array }
  | { readonly m: 'reencode'; readonly encoding: Encoding; readonly upper: boolean }
  | { readonly m: 'malleate' }
  /** Drop, or double, the leading `name=` (a scheme prefix such as `sha256=`). */
  | { readonly m: 'unprefix' }
  | { readonly m: 'reprefix' }
  /** Drop the first `at` characters. */
  | { readonly m: 'chop'; readonly at: number }

export const stringMutationArb: fc.Arbitrary<StringMutation> = fc.oneof(
  {
    arbitrary: fc.record({
      m: fc.constant('flip' as const),
      at: pos,
      how: fc.constantFrom('inc' as const, 'dec' as const, 'xor' as const),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ m: fc.constant('set' as const), at: pos, ch: charArb }), weight: 3 },
  { arbitrary: fc.record({ m: fc.constant('insert' as const), at: pos, ch: charArb }), weight: 3 },
  { arbitrary: fc.record({ m: fc.constant('delete' as const), at: pos }), weight: 2 },
  { arbitrary: fc.record({ m: fc.constant('truncate' as const), at: pos }), weight: 1 },
  { arbitrary: fc.record({ m: fc.constant('replace' as const), text: textArb }), weight: 1 },
  { arbitrary: fc.record({ m: fc.constant('append' as const), text: textArb }), weight: 1 },
  {
    arbitrary: fc.record({
      m: fc.constant('case' as const),
      how: fc.constantFrom('upper' as const, 'lower' as const, 'one' as const),
      at: pos,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      m: fc.constant('pad' as const),
      before: fc.oneof(fc.constant(''), spaceArb),
      after: fc.oneof(fc.constant(''), spaceArb),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ m: 'double' as const }), weight: 1 },
  { arbitrary: fc.constant({ m: 'empty' as const }), weight: 1 },
  {
    arbitrary: fc.record({
      m: fc.constant('shape' as const),
      seed: fc.uint8Array({ minLength: 8, maxLength: 8 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      m: fc.constant('reencode' as const),
      encoding: fc.constantFrom<Encoding>('hex', 'base64', 'base64url'),
      upper: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ m: 'malleate' as const }), weight: 1 },
  { arbitrary: fc.constant({ m: 'unprefix' as const }), weight: 1 },
  { arbitrary: fc.constant({ m: 'reprefix' as const }), weight: 1 },
  { arbitrary: fc.record({ m: fc.constant('chop' as const), at: pos }), weight: 1 },
)

export type BytesMutation =
  | { readonly m: 'flip'; readonly at: number; readonly bit: number }
  | { readonly m: 'inc'; readonly at: number }
  | { readonly m: 'insert'; readonly at: number; readonly byte: number }
  | { readonly m: 'delete'; readonly at: number }
  | { readonly m: 'truncate'; readonly at: number }
  | { readonly m: 'append'; readonly bytes: Uint8Array }
  | { readonly m: 'replace'; readonly bytes: Uint8Array }
  | { readonly m: 'bom' }
  | { readonly m: 'normalize'; readonly form: 'NFC' | 'NFD' | 'NFKC' }
  | { readonly m: 'whitespace' }

export const bytesMutationArb: fc.Arbitrary<BytesMutation> = fc.oneof(
  {
    arbitrary: fc.record({ m: fc.constant('flip' as const), at: pos, bit: fc.nat({ max: 7 }) }),
    weight: 4,
  },
  { arbitrary: fc.record({ m: fc.constant('inc' as const), at: pos }), weight: 2 },
  {
    arbitrary: fc.record({
      m: fc.constant('insert' as const),
      at: pos,
      byte: fc.nat({ max: 255 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ m: fc.constant('delete' as const), at: pos }), weight: 2 },
  { arbitrary: fc.record({ m: fc.constant('truncate' as const), at: pos }), weight: 1 },
  {
    arbitrary: fc.record({
      m: fc.constant('append' as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      m: fc.constant('replace' as const),
      bytes: fc.uint8Array({ maxLength: 96 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ m: 'bom' as const }), weight: 1 },
  {
    arbitrary: fc.record({
      m: fc.constant('normalize' as const),
      form: fc.constantFrom('NFC' as const, 'NFD' as const, 'NFKC' as const),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ m: 'whitespace' as const }), weight: 1 },
)

export type Op =
  | { readonly op: 'slot'; readonly target: number; readonly mutation: StringMutation }
  | { readonly op: 'key'; readonly target: number; readonly mutation: StringMutation }
  | { readonly op: 'body'; readonly mutation: BytesMutation }
  | { readonly op: 'nameCase'; readonly target: number; readonly how: 'upper' | 'lower' | 'mixed' }
  | { readonly op: 'shuffleHeaders'; readonly seed: number }
  | { readonly op: 'shuffleEntries'; readonly target: number; readonly seed: number }
  | {
      readonly op: 'padEntry'
      readonly target: number
      readonly before: string
      readonly after: string
    }
  | {
      readonly op: 'padHeader'
      readonly target: number
      readonly before: string
      readonly after: string
    }
  | {
      readonly op: 'addParam'
      readonly target: number
      readonly key: string
      readonly value: string
    }
  | { readonly op: 'addDecoy'; readonly target: number; readonly which: number }
  | { readonly op: 'dropHeader'; readonly target: number }
  | { readonly op: 'dropEntry'; readonly target: number }
  | { readonly op: 'duplicate'; readonly target: number }
  | { readonly op: 'addHeader'; readonly name: string; readonly value: string }
  | { readonly op: 'reserved'; readonly target: number; readonly value: string }
  | { readonly op: 'container'; readonly kind: Container }
  | { readonly op: 'bodyForm'; readonly kind: BodyForm }
  | {
      readonly op: 'scramble'
      readonly seeds: readonly Uint8Array[]
      readonly texts: readonly string[]
      readonly body: Uint8Array
    }

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('slot' as const),
      target: pos,
      mutation: stringMutationArb,
    }),
    weight: 16,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('key' as const),
      target: pos,
      mutation: stringMutationArb,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('body' as const), mutation: bytesMutationArb }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('nameCase' as const),
      target: pos,
      how: fc.constantFrom('upper' as const, 'lower' as const, 'mixed' as const),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('shuffleHeaders' as const), seed: pos }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('shuffleEntries' as const), target: pos, seed: pos }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('padEntry' as const),
      target: pos,
      before: spaceArb,
      after: spaceArb,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('padHeader' as const),
      target: pos,
      before: spaceArb,
      after: spaceArb,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('addParam' as const),
      target: pos,
      key: keyArb,
      value: safeValueArb,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('addDecoy' as const), target: pos, which: pos }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('dropHeader' as const), target: pos }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('dropEntry' as const), target: pos }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('duplicate' as const), target: pos }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('addHeader' as const),
      name: tokenNameArb,
      value: textArb,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('reserved' as const), target: pos, value: textArb }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('container' as const),
      kind: fc.constantFrom<Container>('record', 'arrays', 'headers'),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('bodyForm' as const),
      kind: fc.constantFrom<BodyForm>('bytes', 'offset', 'string', 'buffer'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('scramble' as const),
      seeds: fc.array(fc.uint8Array({ minLength: 8, maxLength: 8 }), {
        minLength: 8,
        maxLength: 8,
      }),
      texts: fc.array(fc.oneof(textArb, fc.string({ unit: 'binary', maxLength: 64 })), {
        minLength: 8,
        maxLength: 8,
      }),
      body: fc.uint8Array({ maxLength: 128 }),
    }),
    weight: 2,
  },
)

/** One to four operations on one of the genuine deliveries. */
export const planArb = fc.record({
  base: fc.nat({ max: 1 << 16 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 4 }),
})
export type Plan = { readonly base: number; readonly ops: readonly Op[] }

// ---- applying ----------------------------------------------------------------------------------

const at = (n: number, length: number) => (length === 0 ? 0 : n % length)

export function mutateString(
  text: string,
  mutation: StringMutation,
  slot: Slot | undefined,
): string {
  const chars = Array.from(text)
  switch (mutation.m) {
    case 'flip': {
      if (text.length === 0) return 'A'
      const i = at(mutation.at, text.length)
      const code = text.charCodeAt(i)
      const next =
        mutation.how === 'inc'
          ? code + 1
          : mutation.how === 'dec'
            ? Math.max(0, code - 1)
            : code ^ 1
      return (
        text.slice(0, i) + String.fromCharCode(next === code ? code ^ 2 : next) + text.slice(i + 1)
      )
    }
    case 'set': {
      const i = at(mutation.at, chars.length)
      chars[i] = mutation.ch
      return chars.join('')
    }
    case 'insert': {
      chars.splice(at(mutation.at, chars.length + 1), 0, mutation.ch)
      return chars.join('')
    }
    case 'delete':
      chars.splice(at(mutation.at, chars.length), 1)
      return chars.join('')
    case 'truncate':
      return chars.slice(0, at(mutation.at, chars.length)).join('')
    case 'replace':
      return mutation.text
    case 'append':
      return text + mutation.text
    case 'case': {
      if (mutation.how === 'upper') return text.toUpperCase()
      if (mutation.how === 'lower') return text.toLowerCase()
      const i = at(mutation.at, chars.length)
      const c = chars[i] ?? ''
      chars[i] = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()
      return chars.join('')
    }
    case 'pad':
      return mutation.before + text + mutation.after
    case 'double':
      return text + text
    case 'empty':
      return ''
    case 'shape':
      return slot?.shape ? slot.shape(mutation.seed) : text
    case 'reencode': {
      const sig = slot?.signature
      if (sig === undefined) return text
      const encoded = encodeAs(sig.bytes, mutation.encoding)
      return sig.prefix + (mutation.upper ? encoded.toUpperCase() : encoded)
    }
    case 'malleate':
      return slot?.malleated ?? text
    case 'unprefix':
    case 'reprefix': {
      const end = text.indexOf('=') + 1
      if (end <= 0 || end === text.length) return text
      return mutation.m === 'unprefix' ? text.slice(end) : text.slice(0, end) + text
    }
    case 'chop':
      return chars.slice(at(mutation.at, chars.length + 1)).join('')
  }
}

function mutateBytes(body: Uint8Array, mutation: BytesMutation): Uint8Array {
  const out = Array.from(body)
  switch (mutation.m) {
    case 'flip':
      if (out.length === 0) return new Uint8Array([1 << mutation.bit])
      out[at(mutation.at, out.length)]! ^= 1 << mutation.bit
      return new Uint8Array(out)
    case 'inc':
      if (out.length === 0) return new Uint8Array([0])
      out[at(mutation.at, out.length)] = (out[at(mutation.at, out.length)]! + 1) & 0xff
      return new Uint8Array(out)
    case 'insert':
      out.splice(at(mutation.at, out.length + 1), 0, mutation.byte)
      return new Uint8Array(out)
    case 'delete':
      out.splice(at(mutation.at, out.length), 1)
      return new Uint8Array(out)
    case 'truncate':
      return body.slice(0, at(mutation.at, body.length))
    case 'append':
      return new Uint8Array([...out, ...mutation.bytes])
    case 'replace':
      return mutation.bytes.slice()
    case 'bom':
      return new Uint8Array([0xef, 0xbb, 0xbf, ...out])
    case 'normalize': {
      const text = new TextDecoder().decode(body)
      return new TextEncoder().encode(text.normalize(mutation.form))
    }
    case 'whitespace':
      // A re-serialised body: what a JSON parser and stringify round trip does to the bytes.
      return new TextEncoder().encode(
        new TextDecoder().decode(body).replace(/,/g, ', ').concat('\n'),
      )
  }
}

function shuffle<T>(items: T[], seed: number): void {
  let s = seed + 1
  for (let i = items.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    const j = s % (i + 1)
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
}

function listHeaders(state: State): HeaderState[] {
  return state.headers.filter((h) => h.value.kind === 'list')
}

function touch(slot: Slot, text: string): void {
  if (text === slot.text) return
  slot.text = text
  slot.touched = true
}

/** Decoy signatures per header name: well-formed, made with a real key over other content. */
export type Decoys = ReadonlyMap<string, readonly string[]>

export function applyOps(genuine: State, ops: readonly Op[], decoys: Decoys): State {
  const state = cloneState(genuine)
  for (const op of ops) applyOp(state, op, decoys)
  return state
}

function applyOp(state: State, op: Op, decoys: Decoys): void {
  switch (op.op) {
    case 'slot': {
      const slots = slotsOf(state)
      const slot = slots[at(op.target, slots.length)]!
      let text = mutateString(slot.text, op.mutation, slot)
      // The framework always gives a method and a URL: a signed one cannot be empty.
      if ((slot === state.url || slot === state.method) && text === '') text = `${slot.text}x`
      touch(slot, text)
      if (slot.group === undefined && text !== slot.genuine) {
        // An unread value that now holds separators could split into something read.
        const header = state.headers.find(
          (h) => h.value.kind === 'list' && h.value.entries.some((e) => e.slot === slot),
        )
        if (header && header.value.kind === 'list' && header.value.structural.test(text))
          state.ambiguous = true
      }
      return
    }
    case 'key': {
      const lists = listHeaders(state)
      if (lists.length === 0) return
      const header = lists[at(op.target, lists.length)]!
      // A positional list has no keys: its entries' values are mutated through their slots.
      if (header.value.kind !== 'list' || header.value.head !== undefined) return
      if (header.value.entries.length === 0) return
      const entry = header.value.entries[at(op.target >> 4, header.value.entries.length)]!
      const key = mutateString(entry.key, op.mutation, undefined)
      if (key === entry.key) return
      entry.key = key
      // Leading whitespace is trimmed with the entry: the same key. A key renamed into separators,
      // into something that is not a key (the whole header is then malformed) or into another
      // meaningful key is left open. Otherwise its value is simply no longer where the check looks.
      const effective = trimOwsStart(key)
      if (effective === entry.genuineKey) return
      if (
        header.value.reservedKeys.has(effective) ||
        !/^[A-Za-z0-9_-]+$/.test(effective) ||
        header.value.entries.some((e) => e !== entry && trimOwsStart(e.key) === effective)
      ) {
        entry.keyOpen = true
        state.ambiguous = true
      }
      return
    }
    case 'body':
      state.body = mutateBytes(state.body, op.mutation)
      return
    case 'nameCase': {
      if (state.headers.length === 0) return
      const header = state.headers[at(op.target, state.headers.length)]!
      header.name =
        op.how === 'upper'
          ? header.name.toUpperCase()
          : op.how === 'lower'
            ? header.name.toLowerCase()
            : header.name.replace(
                /(^|-)([a-z])/g,
                (_m, dash: string, c: string) => dash + c.toUpperCase(),
              )
      return
    }
    case 'shuffleHeaders':
      shuffle(state.headers, op.seed)
      return
    case 'shuffleEntries': {
      const lists = listHeaders(state)
      const header = lists[at(op.target, lists.length)]
      if (header?.value.kind === 'list') shuffle(header.value.entries, op.seed)
      return
    }
    case 'padEntry': {
      const lists = listHeaders(state)
      const header = lists[at(op.target, lists.length)]
      if (header?.value.kind !== 'list' || header.value.entries.length === 0) return
      const entry = header.value.entries[at(op.target >> 4, header.value.entries.length)]!
      entry.before = op.before + entry.before
      entry.after += op.after
      return
    }
    case 'padHeader': {
      if (state.headers.length === 0) return
      const header = state.headers[at(op.target, state.headers.length)]!
      header.before = op.before + header.before
      header.after += op.after
      if (header.material && header.pad === 'ambiguous') state.ambiguous = true
      return
    }
    case 'addParam': {
      const lists = listHeaders(state)
      const header = lists[at(op.target, lists.length)]
      // In a positional list every entry after the head is a signature: extra ones are decoys.
      if (header?.value.kind !== 'list' || header.value.head !== undefined) return
      const value = header.value
      if (value.reservedKeys.has(op.key) || value.entries.some((e) => e.key === op.key)) return
      const slot: Slot = {
        group: undefined,
        genuine: op.value,
        judge: () => 'same',
        text: op.value,
        touched: false,
        decoy: false,
      }
      value.entries.splice(at(op.target >> 4, value.entries.length + 1), 0, {
        key: op.key,
        genuineKey: op.key,
        keyOpen: false,
        slot,
        before: '',
        after: '',
      })
      return
    }
    case 'addDecoy': {
      const lists = listHeaders(state)
      const header = lists[at(op.target, lists.length)]
      if (header?.value.kind !== 'list') return
      const candidates = decoys.get(header.canonical) ?? []
      const text = candidates[at(op.which, candidates.length)]
      if (text === undefined) return
      // Judged against this delivery's genuine signature (a decoy never denotes it).
      const decoy: Slot = {
        ...header.value.template,
        text,
        genuine: text,
        touched: false,
        decoy: true,
      }
      header.value.entries.splice(at(op.which >> 4, header.value.entries.length + 1), 0, {
        key: header.value.signatureKey,
        genuineKey: header.value.signatureKey,
        keyOpen: false,
        slot: decoy,
        before: '',
        after: '',
      })
      return
    }
    case 'dropHeader':
      if (state.headers.length > 0) state.headers.splice(at(op.target, state.headers.length), 1)
      return
    case 'dropEntry': {
      const lists = listHeaders(state)
      const header = lists[at(op.target, lists.length)]
      if (header?.value.kind === 'list' && header.value.entries.length > 0) {
        header.value.entries.splice(at(op.target >> 4, header.value.entries.length), 1)
      }
      return
    }
    case 'duplicate': {
      if (state.headers.length === 0) return
      const header = state.headers[at(op.target, state.headers.length)]!
      header.copies++
      if (header.material) state.ambiguous = true
      return
    }
    case 'addHeader': {
      const lower = op.name.toLowerCase()
      if (state.reserved.has(lower) || state.headers.some((h) => h.name.toLowerCase() === lower))
        return
      const slot: Slot = {
        group: undefined,
        genuine: op.value,
        judge: () => 'same',
        text: op.value,
        touched: false,
        decoy: false,
      }
      state.headers.push({
        name: op.name,
        canonical: lower,
        value: { kind: 'plain', slot },
        pad: 'neutral',
        before: '',
        after: '',
        copies: 1,
        material: false,
      })
      return
    }
    case 'reserved': {
      const absent = [...state.reserved].filter(
        (name) => !state.headers.some((h) => h.name.toLowerCase() === name),
      )
      const name = absent[at(op.target, absent.length)]
      if (name === undefined) return
      const slot: Slot = {
        group: undefined,
        genuine: op.value,
        judge: () => 'same',
        text: op.value,
        touched: false,
        decoy: false,
      }
      state.headers.push({
        name,
        canonical: name,
        value: { kind: 'plain', slot },
        pad: 'neutral',
        before: '',
        after: '',
        copies: 1,
        material: false,
      })
      state.ambiguous = true
      return
    }
    case 'container':
      state.container = op.kind
      return
    case 'bodyForm':
      state.bodyForm = op.kind
      return
    case 'scramble': {
      // Random values everywhere (well-formed shapes or junk), and a random body.
      const slots = slotsOf(state)
      slots.forEach((slot, i) => {
        const seed = op.seeds[i % op.seeds.length]!
        const text =
          seed[0]! % 2 === 0 && slot.shape ? slot.shape(seed) : op.texts[i % op.texts.length]!
        touch(slot, (slot === state.url || slot === state.method) && text === '' ? 'x' : text)
      })
      state.body = op.body.slice()
      return
    }
  }
}
