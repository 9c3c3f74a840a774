// What a one-line text may hold: no control characters, lone surrogates, or the invisible and
// direction-changing format characters (bidi overrides and isolates, zero-width joiners and spaces)
// that can make a name read as another. Kept apart from the zod schemas so the browser's first
// download does not need them.

const NOT_PLAIN = /[\p{Cc}\p{Cs}\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** True when a one-line text holds nothing that hides or disguises what it says. */
export function isPlainText(value: string): boolean {
  return !NOT_PLAIN.test(value);
}
