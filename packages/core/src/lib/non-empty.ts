/** Lists that validation found non-empty, typed so: the first item needs no check. */

/** At least one item (configured keys, signature encodings, accepted algorithms). */
export type NonEmpty<T> = readonly [T, ...T[]]

/** Narrows `list` to `NonEmpty` when it has an item; what `list.length > 0` means, as a type. */
export function isNonEmpty<T>(list: readonly T[]): list is NonEmpty<T> {
  return list.length > 0
}
