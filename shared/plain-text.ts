// What a one-line text may hold: no control characters, lone surrogates, line or paragraph
// separators, or the invisible and direction-changing format characters no language needs (bidi
// marks, overrides and isolates, the Arabic letter mark, zero-width spaces, the Mongolian vowel
// separator, soft hyphens, word joiners…) that can make a name read as another. The joiners a
// language does need stay: the zero-width joiner and non-joiner (Persian and Arabic words, emoji
// such as 👨‍👩‍👧) and emoji tag characters (the flag of Wales 🏴󠁧󠁢󠁷󠁬󠁳󠁿). Kept apart from the zod schemas
// so the browser's first download does not need them.

const NOT_PLAIN = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/u;

/** True when a one-line text holds nothing that hides or disguises what it says. */
export function isPlainText(value: string): boolean {
  return !NOT_PLAIN.test(value);
}

const NOT_PLAIN_ALL = new RegExp(NOT_PLAIN.source, 'gu');

/** The text with everything isPlainText refuses taken out (for names read from another program's file). */
export function withoutHidden(value: string): string {
  return value.replace(NOT_PLAIN_ALL, '');
}
