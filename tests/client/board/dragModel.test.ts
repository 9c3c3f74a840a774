// The drag preview's arithmetic: where a drop lands over a column or over an offer, what moveOffer
// is asked for, and that a drop where the offer already is moves nothing.
import { describe, expect, it } from 'vitest';
import { columnDroppableId, columnOfDroppable, dropOf, isNoMove, laneOf, moveAcross, slotOf, type Lanes } from '../../../client/board/dragModel.ts';

const lanes: Lanes = { suggested: ['a', 'b', 'c'], agreed: ['d'], notNow: [] };

describe('the drag model', () => {
  it('names columns as droppables that never collide with offer ids', () => {
    expect(columnOfDroppable(columnDroppableId('agreed'))).toBe('agreed');
    expect(columnOfDroppable('a')).toBeNull();
    expect(columnOfDroppable('column:elsewhere')).toBeNull();
    expect(columnOfDroppable(null)).toBeNull();
  });

  it('lands over a column at its end, and over an offer in that offer’s place', () => {
    expect(slotOf(lanes, 'a', columnDroppableId('agreed'))).toEqual({ column: 'agreed', index: 1, count: 2 });
    expect(slotOf(lanes, 'a', columnDroppableId('notNow'))).toEqual({ column: 'notNow', index: 0, count: 1 });
    expect(slotOf(lanes, 'a', 'd')).toEqual({ column: 'agreed', index: 0, count: 2 });
    expect(slotOf(lanes, 'a', 'c')).toEqual({ column: 'suggested', index: 2, count: 3 });
    // Over nothing: where it already is.
    expect(slotOf(lanes, 'b', null)).toEqual({ column: 'suggested', index: 1, count: 3 });
  });

  it('previews a move across columns and asks moveOffer for the offer it goes before', () => {
    const moved = moveAcross(lanes, 'b', 'd');
    expect(moved).toEqual({ suggested: ['a', 'c'], agreed: ['b', 'd'], notNow: [] });
    expect(laneOf(moved, 'b')).toBe('agreed');
    expect(dropOf(lanes, 'b', 'd')).toMatchObject({ column: 'agreed', beforeId: 'd' });
    expect(dropOf(lanes, 'b', columnDroppableId('notNow'))).toMatchObject({ column: 'notNow', beforeId: null });
  });

  it('knows a drop where the offer already is moves nothing', () => {
    const stay = dropOf(lanes, 'b', 'b');
    expect(stay).not.toBeNull();
    expect(isNoMove(lanes, 'b', stay!)).toBe(true);
    expect(isNoMove(lanes, 'b', dropOf(lanes, 'b', 'a')!)).toBe(false);
  });
});
