import { describe, expect, it } from 'vitest';
import { nextInTree, type TreeSpot } from '../../../../client/board/map/treeKeys.ts';
import type { KinLine } from '../../../../client/board/map/treeWords.ts';

const LINES: KinLine[] = [
  { id: '1', from: 'gran', to: 'mum', kind: 'parent' },
  { id: '2', from: 'mum', to: 'youngPerson', kind: 'parent' },
  { id: '3', from: 'jo', to: 'mum', kind: 'sibling' },
  { id: '4', from: 'mum', to: 'dad', kind: 'partner' },
];
const SPOTS: TreeSpot[] = [
  { id: 'gran', row: 0, x: 100 },
  { id: 'friend', row: 0, x: 400 },
  { id: 'jo', row: 1, x: 0 },
  { id: 'mum', row: 1, x: 100 },
  { id: 'dad', row: 1, x: 200 },
  { id: 'youngPerson', row: 2, x: 150 },
];

describe('moving on the family tree with the arrow keys', () => {
  it('goes up to a parent and down to a child along the lines', () => {
    expect(nextInTree('ArrowUp', 'youngPerson', LINES, SPOTS)).toBe('mum');
    expect(nextInTree('ArrowUp', 'mum', LINES, SPOTS)).toBe('gran');
    expect(nextInTree('ArrowDown', 'gran', LINES, SPOTS)).toBe('mum');
    expect(nextInTree('ArrowDown', 'mum', LINES, SPOTS)).toBe('youngPerson');
  });

  it('goes left and right to partners, brothers and sisters', () => {
    expect(nextInTree('ArrowLeft', 'mum', LINES, SPOTS)).toBe('jo');
    expect(nextInTree('ArrowRight', 'mum', LINES, SPOTS)).toBe('dad');
  });

  it('reaches someone with no lines through the row beside or above, and Home and End go to the ends', () => {
    expect(nextInTree('ArrowRight', 'gran', LINES, SPOTS)).toBe('friend');
    expect(nextInTree('ArrowUp', 'dad', LINES, SPOTS)).toBe('gran');
    expect(nextInTree('ArrowDown', 'youngPerson', LINES, SPOTS)).toBeNull();
    expect(nextInTree('Home', 'mum', LINES, SPOTS)).toBe('gran');
    expect(nextInTree('End', 'mum', LINES, SPOTS)).toBe('youngPerson');
    expect(nextInTree('x', 'mum', LINES, SPOTS)).toBeNull();
  });
});
