import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { diffText, editText } from '../../shared/text.ts';
import { rng } from '../helpers/random.ts';

function applyChange(prev: string, next: string): string {
  const change = diffText(prev, next);
  if (change === null) return prev;
  return prev.slice(0, change.index) + change.insert + prev.slice(change.index + change.remove);
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('diffText', () => {
  it('reports no change when the texts are equal', () => {
    expect(diffText('Tea on Sunday', 'Tea on Sunday')).toBeNull();
  });

  it('describes typing in the middle as one insert after the common prefix', () => {
    expect(diffText('Tea Sunday', 'Tea on Sunday')).toEqual({ index: 4, remove: 0, insert: 'on ' });
  });

  it('describes deleting a word as one removal', () => {
    expect(diffText('Tea every Sunday', 'Tea Sunday')).toEqual({ index: 4, remove: 6, insert: '' });
  });

  it('describes replacing a word as one removal and one insert', () => {
    expect(diffText('Call on Monday', 'Call on Friday')).toEqual({ index: 8, remove: 3, insert: 'Fri' });
  });

  it('handles repeated letters without overlapping prefix and suffix', () => {
    expect(diffText('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' });
    expect(diffText('aaaa', 'aa')).toEqual({ index: 2, remove: 2, insert: '' });
  });

  it('handles an empty text on either side', () => {
    expect(diffText('', 'Hello')).toEqual({ index: 0, remove: 0, insert: 'Hello' });
    expect(diffText('Hello', '')).toEqual({ index: 0, remove: 5, insert: '' });
  });

  it('never cuts an emoji in half when two emoji share their first half', () => {
    // 😀 is D83D DE00 and 😁 is D83D DE01: a naive prefix would end between the halves.
    const change = diffText('Hi 😀!', 'Hi 😁!');
    expect(change).toEqual({ index: 3, remove: 2, insert: '😁' });
  });

  it('never cuts an emoji in half when two emoji share their second half', () => {
    // 😀 (D83D DE00) and 𐨀 (D802 DE00) share the low surrogate: a naive suffix would start between halves.
    const change = diffText('x😀', 'x𐨀');
    expect(change).toEqual({ index: 1, remove: 2, insert: '𐨀' });
  });

  it('always produces a change that turns the old text into the new one, with whole characters (seeded)', () => {
    const random = rng(20_240_601).next;
    const alphabet = ['a', 'b', ' ', '😀', '😁', '𐨀', 'é', '👍🏽'];
    const word = (): string =>
      Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 2000; i += 1) {
      const prev = word();
      const next = word();
      expect(applyChange(prev, next)).toBe(next);
      const change = diffText(prev, next);
      if (change !== null) {
        expect(hasLoneSurrogate(change.insert)).toBe(false);
        expect(hasLoneSurrogate(prev.slice(change.index, change.index + change.remove))).toBe(false);
      }
    }
  });
});

describe('editText', () => {
  it('makes the Y.Text read the new text', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'Tea on Sunday');
    editText(text, 'Tea every other Sunday');
    expect(text.toString()).toBe('Tea every other Sunday');
  });

  it('writes nothing when the text is unchanged', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'Same');
    let updates = 0;
    doc.on('update', () => {
      updates += 1;
    });
    editText(text, 'Same');
    expect(updates).toBe(0);
  });

  it('keeps both people\'s typing when they edit the same text at once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'Tea on Sunday');
    exchange(a, b);
    editText(a.getText('t'), 'Tea every Sunday');
    editText(b.getText('t'), 'Tea on Sunday afternoons');
    exchange(a, b);
    expect(a.getText('t').toString()).toBe(b.getText('t').toString());
    expect(a.getText('t').toString()).toBe('Tea every Sunday afternoons');
  });
});
