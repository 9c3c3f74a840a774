// Fractional order keys between neighbours, tolerant of what concurrent or foreign writers leave
// behind: equal keys (two people dropped at the same spot) and strings that are not keys at all.

import { generateKeyBetween } from 'fractional-indexing';

/** Longest order key we build on; longer ones are treated like invalid keys. */
export const MAX_ORDER_KEY_LENGTH = 1000;

const KEY_CHARS = /^[A-Za-z][0-9A-Za-z]*$/;
const SMALLEST_INTEGER = 'A' + '0'.repeat(26);

/** Where to put a new key when the wanted slot is inside a run of equal keys. */
export type TieSide = 'before' | 'after' | 'nearest';

/** Compares two strings by UTF-16 code units, the order fractional keys are designed for. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Display order of (key, id) pairs: valid keys by code unit, then invalid ones (from a foreign or
 * buggy writer) after them, so every move lands exactly among the valid ones; then by id.
 */
export function compareOrder(aKey: string, aId: string, bKey: string, bId: string): number {
  const validity = Number(!isOrderKey(aKey)) - Number(!isOrderKey(bKey));
  return validity || compareStrings(aKey, bKey) || compareStrings(aId, bId);
}

/**
 * True when `key` is a key `generateKeyBetween` accepts (its default base-62 alphabet). Checked
 * here rather than by catching the library's throw, so bad keys never reach it.
 */
export function isOrderKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length > MAX_ORDER_KEY_LENGTH || !KEY_CHARS.test(key)) {
    return false;
  }
  const head = key.charCodeAt(0);
  // 'a'..'z' head an integer part of 2..27 characters, 'Z'..'A' one of 2..27 (negative side).
  const integerLength = head >= 97 ? head - 97 + 2 : 90 - head + 2;
  if (key.length < integerLength || key === SMALLEST_INTEGER) return false;
  // A fraction ending in '0' has a shorter equal twin, which breaks "strictly between".
  return key.length === integerLength || !key.endsWith('0');
}

/**
 * A key that sorts at `index` of `keys` (sorted by compareOrder), i.e. after `keys[index-1]` and
 * before `keys[index]`. Invalid keys (all at the end) are no bounds: a slot among them gets a key
 * just after the valid ones. When the slot lies inside a run of equal keys no key can land inside
 * it, so the new key goes just before or just after the whole run.
 */
export function orderKeyAt(keys: readonly string[], index: number, tie: TieSide = 'nearest'): string {
  const at = Math.max(0, Math.min(index, keys.length));
  const lowerIndex = findValid(keys, at - 1, -1);
  const upperIndex = findValid(keys, at, 1);
  const lower = lowerIndex < 0 ? null : keys[lowerIndex] ?? null;
  const upper = upperIndex < 0 ? null : keys[upperIndex] ?? null;
  if (lower === null || upper === null || lower < upper) return generateKeyBetween(lower, upper);

  // lower >= upper only happens for a tie (the list is sorted), or a list sorted by someone else.
  const tied = lower;
  let runStart = lowerIndex;
  while (runStart > 0 && keys[runStart - 1] === tied) runStart -= 1;
  let runEnd = upperIndex;
  while (runEnd < keys.length - 1 && keys[runEnd + 1] === tied) runEnd += 1;
  const side = tie === 'nearest' ? (at - runStart < runEnd + 1 - at ? 'before' : 'after') : tie;
  if (side === 'before') {
    const below = findValidWhere(keys, runStart - 1, -1, (k) => k < tied);
    return generateKeyBetween(below, tied);
  }
  const above = findValidWhere(keys, runEnd + 1, 1, (k) => k > tied);
  return generateKeyBetween(tied, above);
}

/** A key after every valid key in `keys` (in any order): where appended items go. */
export function orderKeyAfterAll(keys: Iterable<string>): string {
  let last: string | null = null;
  for (const key of keys) {
    if (isOrderKey(key) && (last === null || key > last)) last = key;
  }
  return generateKeyBetween(last, null);
}

function findValid(keys: readonly string[], from: number, step: 1 | -1): number {
  for (let i = from; i >= 0 && i < keys.length; i += step) {
    if (isOrderKey(keys[i])) return i;
  }
  return -1;
}

function findValidWhere(
  keys: readonly string[],
  from: number,
  step: 1 | -1,
  accept: (key: string) => boolean,
): string | null {
  for (let i = from; i >= 0 && i < keys.length; i += step) {
    const key = keys[i];
    if (isOrderKey(key) && accept(key)) return key;
  }
  return null;
}
