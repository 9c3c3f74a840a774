// The fonts of the PDF export: the fast layout of plain Latin gives exactly fontkit's glyphs and
// positions, every script the plan's people write in has its glyphs, and Arabic comes out joined.

import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { covers, fontFile, pdfFonts, type FontKey } from '../../../server/export/pdf-fonts.ts';

function fontkitFont(key: FontKey): Font {
  const font = create(readFileSync(fontFile(key)));
  if (!('layout' in font)) throw new Error('not a single font');
  return font;
}

const SENTENCES = [
  'To Wales, AVAWA Tyrone office fish flight Yvonne ŵyn Łukasz “quoted” — Zoë’s T.V. P.J. 1,234.56 affinity ffi',
  'Gwenllïan Ŵyn will visit every second Saturday afternoon, with Nan. Ődön Çelik-Muñoz; Ağça Ștefan; ẅ ỳ €20',
  'Taffy, Yr Wyddfa, Pwllheli, “Kyffin” & AT&T — fjord efflorescence (waffle) [fly] {affable}',
];

describe('the PDF export’s fonts', () => {
  it('lays out plain Latin glyph for glyph and position for position as fontkit does, ligatures and kerning included', () => {
    for (const key of ['sans', 'sansBold'] as const) {
      const reference = fontkitFont(key);
      const font = pdfFonts()[key];
      // Each sentence teaches the fast path its pairs; its words, laid out afterwards, take it.
      for (const sentence of SENTENCES) font.layout(sentence);
      for (const text of [...SENTENCES, ...SENTENCES.flatMap((sentence) => sentence.split(' '))]) {
        const fast = font.layout(text);
        const slow = reference.layout(text);
        expect('script' in fast, `${text} took the fast path`).toBe(false);
        expect(fast.glyphs.map((g) => g.id), text).toEqual(slow.glyphs.map((g) => g.id));
        expect(fast.positions, text).toEqual(slow.positions.map((p) => ({ xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset })));
        expect(fast.advanceWidth).toBe(slow.advanceWidth);
      }
    }
  });

  it('has the glyphs of Welsh, other accented Latin, Arabic, Hebrew and emoji', () => {
    for (const letter of ['ŵ', 'ŷ', 'Ŵ', 'Ŷ', 'ł', 'ő', 'ç', 'ñ', 'ğ', 'ș', 'ï']) expect(covers('sans', letter), letter).toBe(true);
    expect(covers('sansBold', 'ŴŶșğ')).toBe(true);
    expect(covers('arabic', 'مريم')).toBe(true);
    expect(covers('hebrew', 'נועה')).toBe(true);
    for (const emoji of ['🦊', '👍🏽', '👨‍👩‍👧', '🇬🇧', '❤️']) expect(covers('emoji', emoji), emoji).toBe(true);
    expect(covers('sans', '李')).toBe(false);
  });

  it('joins Arabic letters (contextual forms, not the isolated ones)', () => {
    const font = pdfFonts().arabic;
    const joined = font.layout('مريم').glyphs.map((g) => g.id);
    const isolated = [...'مريم'].map((letter) => font.glyphForCodePoint(letter.codePointAt(0) ?? 0).id).reverse();
    expect(joined).toHaveLength(4);
    expect(joined).not.toEqual(isolated);
  });

  it('reads each font once for the life of the process', () => {
    expect(pdfFonts()).toBe(pdfFonts());
  });
});
