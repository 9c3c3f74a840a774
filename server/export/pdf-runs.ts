// What each piece of a paragraph is drawn with: its font, chosen by script grapheme by grapheme
// (Noto Sans, Naskh Arabic, Sans Hebrew, Emoji, or U+FFFD when none has it), and its bidi level
// from the Unicode Bidirectional Algorithm (bidi-js). Plain Latin, nearly all of a plan, skips both.

import bidiFactory from 'bidi-js';
import { covers, PLAIN_LATIN_CHARS, widthOf, type FontKey } from './pdf-fonts.ts';

const bidi = bidiFactory();
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** A stretch of text in one font and at one level, or one space; measured at the paragraph's size. */
export interface Token {
  /** What is drawn (mirrored brackets in right-to-left text, U+FFFD for a character no font has). */
  text: string;
  /** The text as written. */
  logical: string;
  font: FontKey;
  level: number;
  space: boolean;
  replaced: boolean;
  width: number;
}

/** Text of one weight. */
export interface Piece {
  text: string;
  bold: boolean;
}

// Latin text with nothing that needs bidi, shaping or a second font: the common case, laid out
// without segmenting graphemes or running the bidi algorithm.
const PLAIN_LATIN = new RegExp(`^[${PLAIN_LATIN_CHARS}]*$`);
const PLAIN_OR_NOT = new RegExp(`[${PLAIN_LATIN_CHARS}]+|[^${PLAIN_LATIN_CHARS}]+`, 'g');
// Invisible characters that only steer bidi or joining; their effect is in the levels.
const FORMATTING = /^[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]+$/u;
// A right-to-left letter, or a character that steers bidi: the text needs the bidi algorithm.
const NEEDS_BIDI = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]|\uD802[\uDC00-\uDFFF]|\uD803[\uDC00-\uDFFF]|\uD83A[\uDC00-\uDFFF]|\uD83B[\uDC00-\uDFFF]/;
const ANY = /[^]+/g;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const EMOJI_STYLE = /\uFE0F|\u200D|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u20E3/u;
const ARABIC = /^\p{Script=Arabic}/u;
const HEBREW = /^\p{Script=Hebrew}/u;
const NEUTRAL = /^[\p{P}\p{Z}\p{N}\p{S}]/u;

const variant = (base: 'sans' | 'arabic' | 'hebrew', bold: boolean): FontKey =>
  bold ? (`${base}Bold` as const) : base;

/** The font for one grapheme, or null when no bundled font has it. */
function fontFor(cluster: string, bold: boolean, previous: FontKey | null): FontKey | null {
  if (EMOJI.test(cluster) && (EMOJI_STYLE.test(cluster) || !covers('sans', cluster)) && covers('emoji', cluster)) return 'emoji';
  if (ARABIC.test(cluster)) return covers('arabic', cluster) ? variant('arabic', bold) : null;
  if (HEBREW.test(cluster)) return covers('hebrew', cluster) ? variant('hebrew', bold) : null;
  // Punctuation and digits inside Arabic or Hebrew stay in that font, so the run is shaped whole.
  if (previous !== null && previous !== 'emoji' && !previous.startsWith('sans') && NEUTRAL.test(cluster) && covers(previous, cluster)) return previous;
  if (covers('sans', cluster)) return variant('sans', bold);
  for (const key of ['emoji', 'arabic', 'hebrew'] as const) if (covers(key, cluster)) return key;
  return null;
}

/**
 * The tokens of one line of text (no newlines): its pieces' text in fonts and levels, and the
 * paragraph's base level (1 when `direction` is 'auto' and it starts in Hebrew or Arabic).
 */
export function tokenize(pieces: readonly Piece[], size: number, direction: 'ltr' | 'auto'): { tokens: Token[]; base: number } {
  const text = pieces.map((piece) => piece.text).join('');
  const tokens = PLAIN_LATIN.test(text) ? plainTokens(pieces, size) : bidiTokens(pieces, text, size, direction);
  const base = direction === 'auto' && tokens.some((t) => t.level % 2 === 1) ? baseLevel(text) : 0;
  return { tokens, base };
}

function baseLevel(text: string): number {
  return bidi.getEmbeddingLevels(text, 'auto').paragraphs[0]?.level ?? 0;
}

function plainTokens(pieces: readonly Piece[], size: number): Token[] {
  const tokens: Token[] = [];
  for (const piece of pieces) {
    const font = variant('sans', piece.bold);
    for (const part of piece.text.split(/( )/)) {
      if (part === '') continue;
      tokens.push({ text: part, logical: part, font, level: 0, space: part === ' ', replaced: false, width: widthOf(font, part, size) });
    }
  }
  return tokens;
}

function bidiTokens(pieces: readonly Piece[], text: string, size: number, direction: 'ltr' | 'auto'): Token[] {
  // Without a right-to-left letter or a bidi control every level is 0, and only what is not plain
  // Latin (emoji, other scripts) needs looking at grapheme by grapheme.
  const levels = NEEDS_BIDI.test(text) ? bidi.getEmbeddingLevels(text, direction).levels : null;
  const mirrored = levels ? bidi.getMirroredCharactersMap(text, levels) : null;
  const boldAt: boolean[] = [];
  for (const piece of pieces) for (let i = 0; i < piece.text.length; i++) boldAt.push(piece.bold);
  const tokens: Token[] = [];
  let previous: FontKey | null = null;
  const add = (drawn: string, logical: string, font: FontKey, level: number, space: boolean, replaced: boolean) => {
    const last = tokens[tokens.length - 1];
    if (last && !space && !last.space && last.font === font && last.level === level && last.replaced === replaced) {
      last.text += drawn;
      last.logical += logical;
    } else {
      tokens.push({ text: drawn, logical, font, level, space, replaced, width: 0 });
    }
    if (!space) previous = font;
  };
  for (const chunk of text.matchAll(levels ? ANY : PLAIN_OR_NOT)) {
    const start = chunk.index;
    if (!levels && PLAIN_LATIN.test(chunk[0])) {
      let at = start;
      for (const part of chunk[0].split(/( )/)) {
        // Bold can change inside a word ("Nan, grandmother"): cut where it does.
        let from = 0;
        for (let i = 1; i <= part.length; i++) {
          if (i === part.length || boldAt[at + i] !== boldAt[at + from]) {
            const bit = part.slice(from, i);
            add(bit, bit, variant('sans', boldAt[at + from] ?? false), 0, bit === ' ', false);
            from = i;
          }
        }
        at += part.length;
      }
      continue;
    }
    for (const { segment, index: offset } of graphemes.segment(chunk[0])) {
      const index = start + offset;
      if (FORMATTING.test(segment)) continue;
      const level = levels?.[index] ?? 0;
      const bold = boldAt[index] ?? false;
      const space = segment === ' ';
      const found: FontKey | null = space
        ? previous !== null && previous !== 'emoji' && covers(previous, ' ') ? previous : variant('sans', bold)
        : fontFor(segment, bold, previous);
      add(found === null ? '\uFFFD' : (mirrored?.get(index) ?? segment), segment, found ?? variant('sans', bold), level, space, found === null);
    }
  }
  for (const token of tokens) token.width = widthOf(token.font, token.text, size);
  return tokens;
}

