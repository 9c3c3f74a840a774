// The fonts a PDF export embeds, and measuring text in them. All come inside npm packages (Noto,
// SIL Open Font Licence): Noto Sans for Latin, Greek and Cyrillic (Welsh ŵ ŷ, ł ő ç ñ ğ ș…), Noto
// Naskh Arabic, Noto Sans Hebrew, and the monochrome Noto Emoji. They are read and parsed once per
// process; each document embeds only the glyphs it uses. pdf-runs.ts picks the font for each piece.
//
// Emoji are drawn, not dropped: in a child's name or wish they carry meaning ("Zoë 🦊"). A colour
// emoji font cannot be embedded as plain outlines, so the monochrome Noto Emoji draws them in the
// text colour, ZWJ sequences and flags as one glyph; the PDF's text keeps the real code points. A
// character no bundled font has (Chinese, Devanagari, ✓…) is drawn as U+FFFD and its real text
// kept as ActualText, so it is never lost from the file, only from the picture.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { create, type Font, type Glyph, type GlyphPosition } from 'fontkit';

/** The fonts a document can use. */
export const FONT_KEYS = ['sans', 'sansBold', 'arabic', 'arabicBold', 'hebrew', 'hebrewBold', 'emoji'] as const;
export type FontKey = (typeof FONT_KEYS)[number];

/** What PDFKit asks of a font's layout: glyphs, their positions, and the total advance. */
export interface LaidOut {
  glyphs: Glyph[];
  positions: GlyphPosition[];
  readonly advanceWidth: number;
}

/** A fontkit font whose `layout` takes a fast path for text that needs no shaping. */
export type PdfFont = Omit<Font, 'layout'> & {
  layout(text: string, features?: string[] | Record<string, boolean>): LaidOut;
};

declare global {
  namespace PDFKit.Mixins {
    interface PDFFont {
      /** PDFKit takes any object with a `layout` function for a parsed fontkit font (PDFFontFactory.open). */
      registerFont(name: string, src: PdfFont): this;
    }
  }
}

const require = createRequire(import.meta.url);
const inPackage = (pkg: string, file: string) => path.join(path.dirname(require.resolve(pkg)), '..', 'fonts', file);
const FONT_FILES: Readonly<Record<FontKey, () => string>> = {
  sans: () => inPackage('@embedpdf/fonts-latin', 'NotoSans-Regular.ttf'),
  sansBold: () => inPackage('@embedpdf/fonts-latin', 'NotoSans-Bold.ttf'),
  arabic: () => inPackage('@embedpdf/fonts-arabic', 'NotoNaskhArabic-Regular.ttf'),
  arabicBold: () => inPackage('@embedpdf/fonts-arabic', 'NotoNaskhArabic-Bold.ttf'),
  hebrew: () => inPackage('@embedpdf/fonts-hebrew', 'NotoSansHebrew-Regular.ttf'),
  hebrewBold: () => inPackage('@embedpdf/fonts-hebrew', 'NotoSansHebrew-Bold.ttf'),
  emoji: () => require.resolve('@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf'),
};

/** Where font `key` is read from (inside its npm package). */
export function fontFile(key: FontKey): string {
  return FONT_FILES[key]();
}

/** A strong right-to-left letter (Hebrew, Arabic and their presentation forms). */
export const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

let loaded: Readonly<Record<FontKey, PdfFont>> | null = null;

/** Every font, parsed on first use and kept for the life of the process. */
export function pdfFonts(): Readonly<Record<FontKey, PdfFont>> {
  if (loaded === null) {
    const entries = FONT_KEYS.map((key) => [key, withLayout(key, parse(fontFile(key)))] as const);
    loaded = Object.fromEntries(entries) as Record<FontKey, PdfFont>;
  }
  return loaded;
}

function parse(file: string): Font {
  const font = create(readFileSync(file));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}

/** A font's vertical metrics as fractions of its size (read once: fontkit's getters are slow). */
export interface Metrics {
  ascent: number;
  descent: number;
}

const caches = new Map<FontKey, { unitsPerEm: number; metrics: Metrics; widths: Map<string, number>; covers: Map<string, boolean> }>();
/** Beyond this many different strings a font's cache starts again (a long-lived server's bound). */
const CACHE_ENTRIES = 50_000;

function cacheOf(key: FontKey) {
  let cache = caches.get(key);
  if (!cache) {
    const font = pdfFonts()[key];
    const unitsPerEm = font.unitsPerEm;
    cache = { unitsPerEm, metrics: { ascent: font.ascent / unitsPerEm, descent: -font.descent / unitsPerEm }, widths: new Map(), covers: new Map() };
    caches.set(key, cache);
  }
  return cache;
}

const remember = <T>(map: Map<string, T>, key: string, value: T): T => {
  if (map.size >= CACHE_ENTRIES) map.clear();
  map.set(key, value);
  return value;
};

/** The advance of `text` in `key` at `size` points, as PDFKit will draw it. */
export function widthOf(key: FontKey, text: string, size: number): number {
  const cache = cacheOf(key);
  const units = cache.widths.get(text) ?? remember(cache.widths, text, pdfFonts()[key].layout(text).advanceWidth);
  return (units * size) / cache.unitsPerEm;
}

/** The font's ascent and descent, as fractions of its size. */
export function metricsOf(key: FontKey): Metrics {
  return cacheOf(key).metrics;
}

/** Does the font have a glyph for every character of `cluster` (joiners and variation selectors aside)? */
export function covers(key: FontKey, cluster: string): boolean {
  const cache = cacheOf(key);
  const known = cache.covers.get(cluster);
  if (known !== undefined) return known;
  const font = pdfFonts()[key];
  let all = true;
  for (const char of cluster) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0x200c || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) continue;
    if (!font.hasGlyphForCodePoint(code)) all = false;
  }
  return remember(cache.covers, cluster, all);
}

/**
 * Latin, Latin-1, Latin Extended A/B and Additional, general punctuation and currency signs (a
 * regular expression character class): text Noto Sans draws with nothing but ligatures and pair
 * kerning, never combining marks or contexts, and that needs neither bidi nor a second font.
 */
export const PLAIN_LATIN_CHARS = '\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u024F\\u1E00-\\u1EFF\\u2010-\\u2027\\u2030-\\u205E\\u20A0-\\u20C0';
const SIMPLE = new RegExp(`^[${PLAIN_LATIN_CHARS}]*$`);
const LIGATURE_CANDIDATES = ['ffi', 'ffl', 'ff', 'fi', 'fl'];
/** The fonts that carry nearly all the text, and so get the fast layout. */
const FAST: ReadonlySet<FontKey> = new Set(['sans', 'sansBold']);

/**
 * The font with a `layout` that fontkit is asked in the right direction: the renderer hands over
 * right-to-left text in logical order for fontkit to reverse, and left-to-right text (Arabic-Indic
 * digits too) as it is. The Latin fonts also get a fast path (`fastLatin`).
 */
function withLayout(key: FontKey, font: Font): PdfFont {
  const shaped = (text: string, features?: string[] | Record<string, boolean>) =>
    font.layout(text, features ?? [], undefined, undefined, STRONG_RTL.test(text) ? 'rtl' : 'ltr');
  const fast = FAST.has(key) ? fastLatin(font) : null;
  // reason: Object.create gives `any`; the object is the fontkit font itself with `layout` overridden,
  // so every other property PDFKit reads (tables, subsetting, metrics) is the font's own.
  const wrapped: PdfFont = Object.create(font);
  wrapped.layout = (text, features) => (features === undefined && fast?.(text)) || shaped(text, features);
  return wrapped;
}

/**
 * Plain Latin laid out glyph by glyph with the font's own ligatures and pair kerning, each pair's
 * kerning learnt from the first word fontkit shapes with it in. Full shaping costs about 5 µs a
 * character, too slow for a 200-offer plan of long texts; this gives the same glyphs and positions
 * (tests/server/export/pdf-fonts.test.ts compares them) many times faster. Text that is not plain
 * Latin is fontkit's (null here), and so is any word fontkit shapes otherwise than glyph by glyph.
 */
function fastLatin(font: Font): (text: string) => LaidOut | null {
  const ligatures = LIGATURE_CANDIDATES.filter((candidate) => font.layout(candidate).glyphs.length === 1);
  const units = new Map<string, Glyph>();
  const kerning = new Map<string, number>();
  const glyphOf = (unit: string): Glyph => {
    let glyph = units.get(unit);
    if (!glyph) {
      glyph = unit.length > 1 ? font.layout(unit).glyphs[0] : font.glyphForCodePoint(unit.codePointAt(0) ?? 0);
      if (!glyph) throw new Error(`no glyph for ${unit}`);
      units.set(unit, glyph);
    }
    return glyph;
  };
  const pair = (a: string, b: string) => `${a}\u0000${b}`;

  return (text) => {
    if (!SIMPLE.test(text)) return null;
    const pieces: string[] = [];
    for (let i = 0; i < text.length; ) {
      const ligature = text.charCodeAt(i) === 0x66 ? ligatures.find((l) => text.startsWith(l, i)) : undefined;
      const unit = ligature ?? text[i] ?? '';
      pieces.push(unit);
      i += unit.length;
    }
    const glyphs = pieces.map(glyphOf);
    const positions: GlyphPosition[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const next = pieces[i + 1];
      const adjust = next === undefined ? 0 : kerning.get(pair(pieces[i] ?? '', next));
      if (adjust === undefined) return learn(text, pieces, glyphs);
      positions.push({ xAdvance: (glyphs[i]?.advanceWidth ?? 0) + adjust, yAdvance: 0, xOffset: 0, yOffset: 0 });
    }
    return { glyphs, positions, get advanceWidth() { return positions.reduce((sum, p) => sum + p.xAdvance, 0); } };
  };

  /** fontkit's layout of `text`; when it is glyph for glyph the expected one, its kerning is kept. */
  function learn(text: string, pieces: readonly string[], glyphs: readonly Glyph[]): LaidOut {
    const run = font.layout(text);
    const plain =
      run.glyphs.length === glyphs.length &&
      run.glyphs.every((glyph, i) => glyph.id === glyphs[i]?.id) &&
      run.positions.every((p) => p.xOffset === 0 && p.yOffset === 0 && p.yAdvance === 0);
    if (plain) {
      for (let i = 0; i + 1 < pieces.length; i++) {
        kerning.set(pair(pieces[i] ?? '', pieces[i + 1] ?? ''), (run.positions[i]?.xAdvance ?? 0) - (glyphs[i]?.advanceWidth ?? 0));
      }
    }
    return run;
  }
}
