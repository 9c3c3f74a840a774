// Keyboard dragging across the offer columns: each arrow press aims at one place or one column, by
// column order rather than screen geometry; at an edge it says why nothing moved.
import { describe, expect, it } from 'vitest';
import type { KeyboardCoordinateGetter } from '@dnd-kit/core';
import { columnsCoordinateGetter, type KeyboardDragState } from '../../../client/board/keyboardCoordinates.ts';
import { columnDroppableId, type Lanes } from '../../../client/board/dragModel.ts';

const LANES: Lanes = { suggested: ['a', 'b', 'c'], agreed: ['d'], notNow: [] };

function rect(top: number, left: number, height = 100, width = 300) {
  return { top, left, height, width, bottom: top + height, right: left + width };
}

/** One drag of `active` with the getter, pressing keys in turn; returns what each press did. */
function drag(active: string, lanes: Lanes = LANES) {
  const blocked: string[] = [];
  const state: KeyboardDragState = { lanes: () => lanes, target: { current: null }, blocked: (message) => blocked.push(message) };
  const getter = columnsCoordinateGetter(state);
  const rects = new Map<string, ReturnType<typeof rect>>([
    ['a', rect(0, 0)],
    ['b', rect(110, 0)],
    ['c', rect(220, 0)],
    ['d', rect(0, 320)],
    [columnDroppableId('suggested'), rect(0, 0, 400)],
    [columnDroppableId('agreed'), rect(0, 320, 400)],
    [columnDroppableId('notNow'), rect(0, 640, 400)],
  ]);
  const press = (code: string) => {
    let prevented = false;
    const event = { code, preventDefault: () => (prevented = true) } as unknown as KeyboardEvent;
    const args = {
      active,
      currentCoordinates: { x: 5, y: 5 },
      context: { droppableRects: rects, collisionRect: rect(0, 0, 100) },
    } as unknown as Parameters<KeyboardCoordinateGetter>[1];
    const to = getter(event, args);
    return { to, prevented, target: state.target.current };
  };
  return { press, blocked };
}

describe('columnsCoordinateGetter', () => {
  it('aims one place down and up within a column, at that card’s place', () => {
    const { press } = drag('a');
    expect(press('ArrowDown')).toEqual({ to: { x: 0, y: 110 }, prevented: true, target: 'b' });
    expect(press('ArrowDown')).toEqual({ to: { x: 0, y: 220 }, prevented: true, target: 'c' });
    expect(press('ArrowUp')).toEqual({ to: { x: 0, y: 110 }, prevented: true, target: 'b' });
  });

  it('aims at the next and previous column with → and ←, at its foot', () => {
    const { press } = drag('b');
    expect(press('ArrowRight')).toEqual({ to: { x: 320, y: 300 }, prevented: true, target: columnDroppableId('agreed') });
    expect(press('ArrowRight')).toEqual({ to: { x: 640, y: 300 }, prevented: true, target: columnDroppableId('notNow') });
    expect(press('ArrowLeft')).toEqual({ to: { x: 320, y: 300 }, prevented: true, target: columnDroppableId('agreed') });
  });

  it('says why nothing moved at the top, the bottom, the first column and the last', () => {
    const top = drag('a');
    expect(top.press('ArrowUp').to).toBeUndefined();
    expect(top.press('ArrowLeft').to).toBeUndefined();
    expect(top.blocked).toEqual(['Already at the top of Suggested.', 'Suggested is the first column.']);
    const end = drag('d');
    expect(end.press('ArrowDown').to).toBeUndefined();
    expect(end.press('ArrowRight').to).toEqual({ x: 640, y: 300 });
    expect(end.press('ArrowRight').to).toBeUndefined();
    expect(end.blocked).toEqual(['Already at the bottom of Agreed.', 'Not now is the last column.']);
  });

  it('leaves keys other than the arrows to dnd-kit (Space drops, Escape cancels)', () => {
    const { press, blocked } = drag('a');
    for (const code of ['Space', 'Escape', 'Enter', 'KeyA']) expect(press(code)).toEqual({ to: undefined, prevented: false, target: null });
    expect(blocked).toEqual([]);
  });
});
