// Turning "the text is now X" into the smallest Y.Text change, so that two people typing in the
// same offer at once both keep their characters instead of one overwriting the other.

import type * as Y from 'yjs';

/** One splice: at `index` remove `remove` UTF-16 code units, then insert `insert`. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The single splice that turns `prev` into `next` (common prefix and suffix kept), or null when they
 * are equal. The splice never cuts a surrogate pair in half: Yjs would store a lone surrogate, which
 * encodes as U+FFFD and so differs between replicas.
 */
export function diffText(prev: string, next: string): TextChange | null {
  if (prev === next) return null;
  const limit = Math.min(prev.length, next.length);
  let prefix = 0;
  while (prefix < limit && prev.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix += 1;
  if (prefix > 0 && isHighSurrogate(prev.charCodeAt(prefix - 1))) prefix -= 1;

  let suffix = 0;
  while (
    suffix < limit - prefix &&
    prev.charCodeAt(prev.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)
  ) {
    suffix += 1;
  }
  if (suffix > 0 && isLowSurrogate(prev.charCodeAt(prev.length - suffix))) suffix -= 1;

  return {
    index: prefix,
    remove: prev.length - prefix - suffix,
    insert: next.slice(prefix, next.length - suffix),
  };
}

/** Makes `ytext` read `next` with the minimal change; wrap it in a transaction to make it one update. */
export function editText(ytext: Y.Text, next: string): void {
  const change = diffText(ytext.toString(), next);
  if (change === null) return;
  if (change.remove > 0) ytext.delete(change.index, change.remove);
  if (change.insert !== '') ytext.insert(change.index, change.insert);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
