// Moving between people on the map with the arrow keys: ← and → go round a ring (anticlockwise and
// clockwise), ↑ moves in towards the young person and ↓ out (past the furthest ring to the "Not
// placed yet" strip), Home and End go to the first and last person.

import type { Spot } from '../../../shared/familyMap/ecomapLayout.ts';

/** The strip counts as a fourth ring, outside the others. */
const STRIP = 4;

function ringIndex(spot: Spot): number {
  return spot.ring ?? STRIP;
}

/** The angle used to match people across rings; the strip's people by their left-to-right place. */
function bearing(spot: Spot, strip: readonly Spot[]): number {
  if (spot.angle !== null) return spot.angle;
  const at = strip.indexOf(spot);
  return strip.length <= 1 ? Math.PI : (2 * Math.PI * at) / (strip.length - 1);
}

/** The gap between two angles, the short way round. */
function apart(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
}

/**
 * Whom a key press moves to from person `fromId`, given the spots in layout order (placed people ring
 * by ring clockwise, then the strip); null when the key is not a map key or there is nowhere to go.
 */
export function nextOnMap(key: string, fromId: string, spots: readonly Spot[]): string | null {
  if (spots.length === 0) return null;
  if (key === 'Home') return spots[0]!.id;
  if (key === 'End') return spots[spots.length - 1]!.id;
  const from = spots.find((spot) => spot.id === fromId);
  if (!from) return null;
  const ring = ringIndex(from);
  const sameRing = spots.filter((spot) => ringIndex(spot) === ring);
  const at = sameRing.indexOf(from);
  switch (key) {
    case 'ArrowRight':
      return sameRing.length > 1 ? sameRing[(at + 1) % sameRing.length]!.id : null;
    case 'ArrowLeft':
      return sameRing.length > 1 ? sameRing[(at - 1 + sameRing.length) % sameRing.length]!.id : null;
    case 'ArrowUp':
    case 'ArrowDown': {
      const step = key === 'ArrowUp' ? -1 : 1;
      const strip = spots.filter((spot) => spot.ring === null);
      const here = bearing(from, strip);
      for (let target = ring + step; target >= 1 && target <= STRIP; target += step) {
        const candidates = spots.filter((spot) => ringIndex(spot) === target);
        if (candidates.length === 0) continue;
        let best = candidates[0]!;
        for (const spot of candidates) if (apart(bearing(spot, strip), here) < apart(bearing(best, strip), here)) best = spot;
        return best.id;
      }
      return null;
    }
    default:
      return null;
  }
}

/** What a map's people answer to on the keyboard: the person to go to for an arrow key, open, leave. */
export interface PersonKeys {
  /** The person an arrow (or Home/End) key goes to from `personId`, or null to let the key be. */
  next: (key: string, personId: string) => string | null;
  focusPerson: (personId: string) => void;
  /** Enter or Space on a person (absent: people cannot be opened here). */
  onOpen?: (personId: string) => void;
  /** Escape: leave the map. */
  onLeave: () => void;
}

/** The keydown handler of a map's drawing, the same on the ecomap and the family tree. */
export function personKeyHandler(keys: PersonKeys): (event: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; target: EventTarget | null; preventDefault(): void }) => void {
  return (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const personId = (event.target as Element | null)?.closest('[data-person]')?.getAttribute('data-person');
    if (!personId) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      keys.onLeave();
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      if (!keys.onOpen) return;
      event.preventDefault();
      keys.onOpen(personId);
      return;
    }
    const next = keys.next(event.key, personId);
    if (next === null) return;
    event.preventDefault();
    keys.focusPerson(next);
  };
}
