import { describe, expect, it } from 'vitest';
import { keepNotices, MAX_MOVED_NOTICES, movedAway, movedWords } from '../../../client/board/movedAway.ts';
import type { Lanes } from '../../../client/board/dragModel.ts';

const lanes = (suggested: string[], agreed: string[], notNow: string[]): Lanes => ({ suggested, agreed, notNow });

describe('where an offer went, for a phone showing one column', () => {
  it('finds the offers that left the column being looked at, and where they went', () => {
    const before = lanes(['a', 'b', 'c'], ['x'], []);
    const after = lanes(['c'], ['x', 'a'], ['b']);
    expect(movedAway(before, after, 'suggested')).toEqual([
      { offerId: 'a', to: 'agreed' },
      { offerId: 'b', to: 'notNow' },
    ]);
    // Looking at another column, those moves are not news there.
    expect(movedAway(before, after, 'notNow')).toEqual([]);
  });

  it('says nothing of an offer reordered in place or removed from the board', () => {
    expect(movedAway(lanes(['a', 'b'], [], []), lanes(['b', 'a'], [], []), 'suggested')).toEqual([]);
    expect(movedAway(lanes(['a', 'b'], [], []), lanes(['b'], [], []), 'suggested')).toEqual([]);
  });

  it('says where it went and how many offers are there now', () => {
    expect(movedWords('Tea at Gran’s', 'agreed', 3)).toBe('“Tea at Gran’s” moved to Agreed — 3 offers there now.');
    expect(movedWords('Calls', 'notNow', 1)).toBe('“Calls” moved to Not now — 1 offer there now.');
  });

  it('keeps the newest notices, one per offer, and drops one whose offer came back', () => {
    const after = lanes(['d'], ['a', 'b', 'c'], []);
    const kept = keepNotices([{ offerId: 'a', to: 'notNow' }, { offerId: 'd', to: 'agreed' }], [{ offerId: 'a', to: 'agreed' }], after, 'suggested');
    expect(kept).toEqual([{ offerId: 'a', to: 'agreed' }]);
    const many = keepNotices([], ['a', 'b', 'c', 'e'].map((offerId) => ({ offerId, to: 'agreed' as const })), lanes([], ['a', 'b', 'c', 'e'], []), 'suggested');
    expect(many.map((n) => n.offerId)).toEqual(['a', 'b', 'c'].slice(0, MAX_MOVED_NOTICES));
  });
});
