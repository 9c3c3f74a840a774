// A paragraph of mixed scripts as lines ready to draw: its tokens (pdf-runs.ts: fonts by script,
// bidi levels), greedy line breaking at spaces (and inside a word only when it is wider than the
// line), then each line's runs put in visual order (UAX #9, rule L2). PDFKit does no bidi of its
// own; fontkit shapes Arabic and reverses a right-to-left run it is given whole, so right-to-left
// runs are handed over in logical order, and the runs around them are ordered here.

import type { Run } from './content.ts';
import { metricsOf, STRONG_RTL, widthOf, type FontKey } from './pdf-fonts.ts';
import { tokenize, type Piece, type Token } from './pdf-runs.ts';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** One draw call: text in one font and one direction, `x` points from the line's left edge. */
export interface Segment {
  /** What to draw: right-to-left runs (`rtl`) in logical order for fontkit to reverse, the rest as seen. */
  text: string;
  font: FontKey;
  x: number;
  width: number;
  rtl: boolean;
}

/** A laid-out line: its runs left to right, its height and where its baseline sits below its top. */
export interface Line {
  segments: Segment[];
  /** The line in reading order, when what is drawn differs from it (runs reordered or reversed, characters mirrored or replaced). */
  actual: string | null;
  width: number;
  height: number;
  baseline: number;
}

/** Line height as a multiple of the font size, for Latin text. */
const LINE_HEIGHT = 1.4;

/** Lays out a paragraph (its runs, in which a newline starts a new line) in `width` points. */
export function layoutParagraph(runs: readonly Run[], width: number, size: number, direction: 'ltr' | 'auto' = 'ltr', bold = false): Line[] {
  const lines: Line[] = [];
  // A newline is a hard break; each stretch between two is its own bidi paragraph.
  let pieces: Piece[] = [];
  const flush = () => {
    lines.push(...layoutHardLine(pieces, width, size, direction));
    pieces = [];
  };
  for (const run of runs) {
    const parts = run.text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '').split('\n');
    parts.forEach((part, i) => {
      if (i > 0) flush();
      if (part) pieces.push({ text: part, bold: bold || run.strong === true });
    });
  }
  flush();
  return lines;
}

function layoutHardLine(pieces: readonly Piece[], width: number, size: number, direction: 'ltr' | 'auto'): Line[] {
  const { tokens, base } = tokenize(pieces, size, direction);
  const broken = breakLines(tokens, width, size);
  if (broken.length === 0) broken.push([]);
  return broken.map((line) => toLine(line, width, size, base));
}

/** Greedy breaking at spaces; a word wider than the line is cut between graphemes. */
function breakLines(tokens: readonly Token[], width: number, size: number): Token[][] {
  const lines: Token[][] = [];
  let line: Token[] = [];
  let used = 0;
  let gap: Token | null = null;
  const words: Token[][] = [];
  let word: Token[] = [];
  for (const token of tokens) {
    if (token.space) {
      if (word.length > 0) words.push(word);
      word = [];
      words.push([token]);
    } else {
      word.push(token);
    }
  }
  if (word.length > 0) words.push(word);

  for (const next of words) {
    if (next[0]?.space) {
      if (line.length > 0) gap = next[0];
      continue;
    }
    const wide = next.reduce((sum, t) => sum + t.width, 0);
    if (line.length > 0 && gap !== null && used + gap.width + wide <= width) {
      line.push(gap, ...next);
      used += gap.width + wide;
    } else {
      // The space a line breaks at stays at its end, unseen, so its words are not run together when read aloud.
      if (line.length > 0) lines.push(gap && gap.level % 2 === 0 ? [...line, gap] : line);
      line = [];
      used = 0;
      if (wide <= width) {
        line = [...next];
        used = wide;
      } else {
        const parts = cutWord(next, width, size);
        lines.push(...parts.slice(0, -1));
        line = parts[parts.length - 1] ?? [];
        used = line.reduce((sum, t) => sum + t.width, 0);
      }
    }
    gap = null;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** A word too wide for a line, cut into lines between graphemes. */
function cutWord(word: readonly Token[], width: number, size: number): Token[][] {
  const lines: Token[][] = [];
  let line: Token[] = [];
  let used = 0;
  for (const token of word) {
    const drawn = [...graphemes.segment(token.text)].map((g) => g.segment);
    const written = [...graphemes.segment(token.logical)].map((g) => g.segment);
    // Mirroring and replacement change characters one for one, so the two lists pair up.
    const paired = written.length === drawn.length;
    drawn.forEach((segment, i) => {
      const logical = paired ? (written[i] ?? segment) : segment;
      const wide = widthOf(token.font, segment, size);
      if (used + wide > width && line.length > 0) {
        lines.push(line);
        line = [];
        used = 0;
      }
      const last = line[line.length - 1];
      if (last && last.font === token.font && last.level === token.level && last.replaced === token.replaced) {
        last.text += segment;
        last.logical += logical;
        last.width += wide;
      } else {
        line.push({ ...token, text: segment, logical, width: wide });
      }
      used += wide;
    });
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

function toLine(tokens: readonly Token[], width: number, size: number, base: number): Line {
  const reordered = tokens.some((token) => token.level > 0 || token.replaced);
  const actual = reordered ? tokens.map((token) => token.logical).join('') : null;
  // Runs of one font and level, in logical order, then reordered (UAX #9, rule L2).
  const runs: Token[] = [];
  for (const token of tokens) {
    const last = runs[runs.length - 1];
    if (last && last.font === token.font && last.level === token.level && last.replaced === token.replaced) {
      last.text += token.text;
      last.logical += token.logical;
      last.width += token.width;
    } else {
      runs.push({ ...token });
    }
  }
  const highest = runs.reduce((max, run) => Math.max(max, run.level), 0);
  const lowestOdd = runs.reduce((min, run) => (run.level % 2 === 1 ? Math.min(min, run.level) : min), Infinity);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length; i++) {
      if ((runs[i]?.level ?? 0) < level) continue;
      let end = i;
      while (end + 1 < runs.length && (runs[end + 1]?.level ?? 0) >= level) end++;
      runs.splice(i, end - i + 1, ...runs.slice(i, end + 1).reverse());
      i = end;
    }
  }
  const used = runs.reduce((sum, run) => sum + run.width, 0);
  let x = base % 2 === 1 ? Math.max(0, width - used) : 0;
  const segments: Segment[] = runs.map((run) => {
    const odd = run.level % 2 === 1;
    const shaped = odd && STRONG_RTL.test(run.text);
    // A right-to-left run with no Hebrew or Arabic letter in it (brackets, emoji) fontkit would lay
    // out left to right, so it is reversed here, grapheme by grapheme.
    const text = odd && !shaped ? [...graphemes.segment(run.text)].map((g) => g.segment).reverse().join('') : run.text;
    const segment = { text, font: run.font, x, width: run.width, rtl: shaped };
    x += run.width;
    return segment;
  });
  let ascent = 0;
  let descent = 0;
  for (const key of runs.length > 0 ? runs.map((run) => run.font) : ['sans' as const]) {
    const metrics = metricsOf(key);
    ascent = Math.max(ascent, metrics.ascent);
    descent = Math.max(descent, metrics.descent);
  }
  const content = (ascent + descent) * size;
  const height = Math.max(content, size * LINE_HEIGHT);
  return { segments, actual, width: used, height, baseline: (height - content) / 2 + ascent * size };
}
