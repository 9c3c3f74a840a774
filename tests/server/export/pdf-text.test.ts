// Laying out a paragraph of mixed scripts: runs by font, right-to-left runs in visual order and
// shaped whole, right-to-left paragraphs against the right edge, emoji in the emoji font, what no
// font has kept as ActualText, and no line wider than its width.

import { describe, expect, it } from 'vitest';
import { layoutParagraph, type Line } from '../../../server/export/pdf-text.ts';

const WIDTH = 400;
const SIZE = 10;

/** Each segment as "font:text", "<" marking one fontkit reverses, left to right. */
const drawn = (line: Line | undefined) => (line?.segments ?? []).map((s) => `${s.font}${s.rtl ? '<' : ''}:${s.text}`);

describe('laying out a paragraph', () => {
  it('keeps plain English in one run of Noto Sans, with nothing to reorder', () => {
    const [line, ...rest] = layoutParagraph([{ text: 'Tea and Welsh cakes at ' }, { text: 'Nain’s', strong: true }], WIDTH, SIZE);
    expect(rest).toEqual([]);
    expect(drawn(line)).toEqual(['sans:Tea and Welsh cakes at ', 'sansBold:Nain’s']);
    expect(line?.actual).toBeNull();
  });

  it('puts an Arabic name inside English where it is read, shaped whole by fontkit, with the line’s reading order kept', () => {
    const [line] = layoutParagraph([{ text: 'Helped by: مريم أحمد, Nan' }], WIDTH, SIZE);
    expect(drawn(line)).toEqual(['sans:Helped by: ', 'arabic<:مريم أحمد', 'arabic:, ', 'sans:Nan']);
    const xs = (line?.segments ?? []).map((s) => s.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(line?.actual).toBe('Helped by: مريم أحمد, Nan');
  });

  it('puts two right-to-left names in a row right to left, whatever their fonts', () => {
    const [line] = layoutParagraph([{ text: 'A נועה مريم B' }], WIDTH, SIZE);
    expect(drawn(line)).toEqual(['sans:A ', 'arabic<:مريم', 'hebrew<:נועה ', 'arabic: ', 'sans:B']);
  });

  it('sets a paragraph that starts in Arabic right to left, against the right edge, brackets mirrored and numbers left to right', () => {
    const [line] = layoutParagraph([{ text: 'مريم (خالة) 12' }], WIDTH, SIZE, 'auto');
    expect(drawn(line)).toEqual(['sans:12', 'sans: (', 'arabic<:خالة', 'sans:)', 'arabic<:مريم ']);
    const last = line?.segments[line.segments.length - 1];
    expect((last?.x ?? 0) + (last?.width ?? 0)).toBeCloseTo(WIDTH, 3);
    expect(line?.actual).toBe('مريم (خالة) 12');
  });

  it('draws emoji with the emoji font, and what no font has as U+FFFD, keeping the real text', () => {
    const [line] = layoutParagraph([{ text: 'Zoë 🦊 李 ok 👨‍👩‍👧' }], WIDTH, SIZE);
    expect(drawn(line)).toEqual(['sans:Zoë ', 'emoji:🦊', 'sans: ', 'sans:\uFFFD', 'sans: ok ', 'emoji:👨‍👩‍👧']);
    expect(line?.actual).toBe('Zoë 🦊 李 ok 👨‍👩‍👧');
  });

  it('starts a new line at each newline and never runs a line past its width, cutting only a word too long for one', () => {
    const lines = layoutParagraph([{ text: `Visit\n${'x'.repeat(80)} and then ${'long '.repeat(30)}` }], 100, SIZE);
    expect(drawn(lines[0])).toEqual(['sans:Visit']);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(100 + SIZE / 3);
    const text = lines.map((line) => line.segments.map((s) => s.text).join('')).join('');
    expect(text.replace(/ /g, '')).toBe(`Visit${'x'.repeat(80)}andthen${'long'.repeat(30)}`);
  });

  it('gives Arabic more room between lines than Latin', () => {
    const [latin] = layoutParagraph([{ text: 'Nan' }], WIDTH, SIZE);
    const [arabic] = layoutParagraph([{ text: 'مريم' }], WIDTH, SIZE);
    expect(arabic?.height ?? 0).toBeGreaterThan(latin?.height ?? 0);
  });
});
