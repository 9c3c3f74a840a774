// Moving between people on the family tree with the arrow keys, along their relationships: ↑ to a
// parent, ↓ to a child, ← and → to the nearest partner, brother or sister that way. Where a person has
// no one that way, the keys go to the nearest person in the row above, below or beside, so everyone
// can be reached; Home and End go to the first and last person.

import { closeKin, type KinLine } from './treeWords.ts';

/** Where each person is drawn: their row (0 at the top) and the middle of their box. */
export interface TreeSpot {
  id: string;
  row: number;
  x: number;
}

const nearest = (spots: readonly TreeSpot[], x: number): string | null => {
  let best: TreeSpot | null = null;
  for (const spot of spots) if (best === null || Math.abs(spot.x - x) < Math.abs(best.x - x)) best = spot;
  return best?.id ?? null;
};

/** Whom a key press moves to from `fromId`; null when the key is not a tree key or there is nowhere to go. `spots` in reading order. */
export function nextInTree(key: string, fromId: string, lines: readonly KinLine[], spots: readonly TreeSpot[]): string | null {
  if (spots.length === 0) return null;
  if (key === 'Home') return spots[0]!.id;
  if (key === 'End') return spots[spots.length - 1]!.id;
  const from = spots.find((spot) => spot.id === fromId);
  if (!from) return null;
  const spotOf = new Map(spots.map((spot) => [spot.id, spot]));
  const placed = (ids: readonly string[]) => ids.map((id) => spotOf.get(id)).filter((spot): spot is TreeSpot => spot !== undefined);
  const kin = closeKin(lines, fromId);
  switch (key) {
    case 'ArrowUp':
    case 'ArrowDown': {
      const along = placed(key === 'ArrowUp' ? kin.parents : kin.children);
      if (along.length > 0) return nearest(along, from.x);
      const rows = [...new Set(spots.map((spot) => spot.row))].sort((a, b) => a - b);
      const target = key === 'ArrowUp' ? rows.filter((row) => row < from.row).pop() : rows.find((row) => row > from.row);
      return target === undefined ? null : nearest(spots.filter((spot) => spot.row === target), from.x);
    }
    case 'ArrowLeft':
    case 'ArrowRight': {
      const side = (spot: TreeSpot) => (key === 'ArrowLeft' ? spot.x < from.x : spot.x > from.x);
      const along = placed([...kin.partners, ...kin.siblings]).filter(side);
      if (along.length > 0) return nearest(along, from.x);
      return nearest(spots.filter((spot) => spot.row === from.row && side(spot)), from.x);
    }
    default:
      return null;
  }
}
