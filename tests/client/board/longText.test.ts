// A long text on a card is folded at a space, never mid-word; short texts are left as they are.
import { describe, expect, it } from 'vitest';
import { FOLD_AT, foldedText } from '../../../client/board/LongText.tsx';

describe('foldedText', () => {
  it('leaves a text up to the fold as it is', () => {
    const text = 'x'.repeat(FOLD_AT);
    expect(foldedText(text)).toBe(text);
  });

  it('cuts a long text at the last space before the fold, with an ellipsis', () => {
    const text = `${'word '.repeat(100)}end`;
    const folded = foldedText(text);
    expect(folded.endsWith('word…')).toBe(true);
    expect(folded.length).toBeLessThanOrEqual(FOLD_AT + 1);
    expect(text.startsWith(folded.slice(0, -1))).toBe(true);
  });

  it('cuts a text without spaces at the fold itself', () => {
    expect(foldedText('a'.repeat(2_000))).toBe(`${'a'.repeat(FOLD_AT)}…`);
  });
});
