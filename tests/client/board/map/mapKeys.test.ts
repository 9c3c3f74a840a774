// The arrow keys on the map: round a ring, in and out between rings, on to the "Not placed yet" strip.
import { describe, expect, it } from 'vitest';
import { layoutEcomap, type MapPerson } from '../../../../shared/familyMap/ecomapLayout.ts';
import { nextOnMap } from '../../../../client/board/map/mapKeys.ts';

const people: MapPerson[] = [
  { id: 'gran', displayName: 'Gran', closeness: 1, sector: 'family' },
  { id: 'coach', displayName: 'Coach', closeness: 1, sector: 'friendsCommunity' },
  { id: 'teacher', displayName: 'Teacher', closeness: 1, sector: 'schoolWork' },
  { id: 'uncle', displayName: 'Uncle', closeness: 2, sector: 'family' },
  { id: 'social', displayName: 'Social worker', closeness: 3, sector: 'professionals' },
  { id: 'dad', displayName: 'Dad', closeness: null, sector: 'family' },
  { id: 'mum', displayName: 'Mum', closeness: null, sector: null },
];
const { spots } = layoutEcomap(people);

describe('nextOnMap', () => {
  it('goes round a ring clockwise with → and back with ←, wrapping at the ends', () => {
    // Clockwise from the top: friends and community, school and work, …, family.
    expect(nextOnMap('ArrowRight', 'coach', spots)).toBe('teacher');
    expect(nextOnMap('ArrowRight', 'teacher', spots)).toBe('gran');
    expect(nextOnMap('ArrowRight', 'gran', spots)).toBe('coach');
    expect(nextOnMap('ArrowLeft', 'coach', spots)).toBe('gran');
  });

  it('moves out with ↓ and in with ↑ to the nearest person, skipping empty rings', () => {
    expect(nextOnMap('ArrowDown', 'gran', spots)).toBe('uncle');
    expect(nextOnMap('ArrowUp', 'uncle', spots)).toBe('gran');
    expect(nextOnMap('ArrowDown', 'uncle', spots)).toBe('social');
    expect(nextOnMap('ArrowUp', 'gran', spots)).toBeNull();
  });

  it('reaches the “Not placed yet” strip below the furthest ring, and moves along it', () => {
    const down = nextOnMap('ArrowDown', 'social', spots);
    expect(['dad', 'mum']).toContain(down);
    expect(nextOnMap('ArrowRight', 'dad', spots)).toBe('mum');
    expect(nextOnMap('ArrowDown', 'mum', spots)).toBeNull();
    expect(nextOnMap('ArrowUp', 'mum', spots)).toBe('social');
  });

  it('goes to the first and last person with Home and End, and ignores other keys', () => {
    expect(nextOnMap('Home', 'mum', spots)).toBe(spots[0]!.id);
    expect(nextOnMap('End', 'gran', spots)).toBe('mum');
    expect(nextOnMap('a', 'gran', spots)).toBeNull();
    expect(nextOnMap('ArrowRight', 'nobody', spots)).toBeNull();
  });
});
