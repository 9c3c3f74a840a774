// The ecomap's layout: rings by closeness, quarters by sector, the unplaced in a strip, and no two
// people's labels ever on top of each other, however many there are.
import { describe, expect, it } from 'vitest';
import { SECTORS } from '../../../shared/vocabulary.ts';
import {
  LABEL_HEIGHT,
  LABEL_TOP,
  LABEL_WIDTH,
  MIN_GAP,
  layoutEcomap,
  ringNameBox,
  type MapPerson,
  type Spot,
} from '../../../shared/familyMap/ecomapLayout.ts';
import { rng } from '../../helpers/random.ts';

function person(id: string, closeness: number | null, sector: MapPerson['sector'], displayName = `Person ${id}`): MapPerson {
  return { id, displayName, closeness, sector };
}

/** Random people, some left unplaced. */
function crowd(count: number, seed: number): MapPerson[] {
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) =>
    person(`p${i}`, random.chance(0.9) ? 1 + random.int(3) : null, random.chance(0.9) ? random.pick(SECTORS)! : null, `Name ${random.int(1000)}`),
  );
}

/** The box a person's drawing takes (see ecomapLayout.ts). */
function box(spot: Pick<Spot, 'x' | 'y'>) {
  return { left: spot.x - LABEL_WIDTH / 2, right: spot.x + LABEL_WIDTH / 2, top: spot.y - LABEL_TOP, bottom: spot.y - LABEL_TOP + LABEL_HEIGHT };
}

function overlapping(spots: readonly Spot[]): string[] {
  const all = [{ id: 'youngPerson', x: 0, y: 0 }, ...spots].map((spot) => ({ id: spot.id, ...box(spot) }));
  const clashes: string[] = [];
  for (let i = 0; i < all.length; i += 1) {
    for (let j = i + 1; j < all.length; j += 1) {
      const a = all[i]!;
      const b = all[j]!;
      if (a.left < b.right - 1e-6 && b.left < a.right - 1e-6 && a.top < b.bottom - 1e-6 && b.top < a.bottom - 1e-6) clashes.push(`${a.id}/${b.id}`);
    }
  }
  return clashes;
}

describe('layoutEcomap', () => {
  it('puts each placed person in the quarter of their sector and further out the less close they are', () => {
    const layout = layoutEcomap([person('a', 1, 'family'), person('b', 2, 'friendsCommunity'), person('c', 3, 'schoolWork'), person('d', 1, 'professionals')]);
    const at = (id: string) => layout.spots.find((spot) => spot.id === id)!;
    expect(at('a').x).toBeLessThan(0);
    expect(at('a').y).toBeLessThan(0);
    expect(at('b').x).toBeGreaterThan(0);
    expect(at('b').y).toBeLessThan(0);
    expect(at('c').x).toBeGreaterThan(0);
    expect(at('c').y).toBeGreaterThan(0);
    expect(at('d').x).toBeLessThan(0);
    expect(at('d').y).toBeGreaterThan(0);
    const distance = (id: string) => Math.hypot(at(id).x, at(id).y);
    expect(distance('a')).toBeLessThan(distance('b'));
    expect(distance('b')).toBeLessThan(distance('c'));
    expect(at('a')).toMatchObject({ ring: 1, sector: 'family' });
    // Each person inside their ring's edge and outside the one before.
    for (const spot of layout.spots) {
      const edge = layout.rings.find((r) => r.ring === spot.ring)!.radius;
      expect(Math.hypot(spot.x, spot.y)).toBeLessThan(edge);
    }
  });

  it('shows people whose closeness or sector is not said in the strip below the circle, not hidden', () => {
    const layout = layoutEcomap([person('a', null, 'family'), person('b', 2, null), person('c', 2, 'family')]);
    expect(layout.spots).toHaveLength(3);
    const strip = layout.spots.filter((spot) => spot.ring === null);
    expect(strip.map((s) => s.id).sort()).toEqual(['a', 'b']);
    for (const spot of strip) expect(spot.y - LABEL_TOP).toBeGreaterThan(layout.strip.top);
    expect(layout.strip.rows).toBe(1);
    expect(layout.bounds.y + layout.bounds.height).toBeGreaterThan(Math.max(...strip.map((s) => box(s).bottom)));
  });

  it('gives the same places whatever order the people come in', () => {
    const people = crowd(40, 7);
    const a = layoutEcomap(people);
    const b = layoutEcomap([...people].reverse());
    expect(b).toEqual(a);
  });

  it('orders each ring clockwise, ring by ring, with the strip last', () => {
    const { spots } = layoutEcomap(crowd(50, 3));
    const rings = spots.map((s) => s.ring ?? 4);
    expect([...rings].sort((x, y) => x - y)).toEqual(rings);
    for (let i = 1; i < spots.length; i += 1) {
      if (spots[i]!.ring !== null && spots[i]!.ring === spots[i - 1]!.ring) expect(spots[i]!.angle!).toBeGreaterThanOrEqual(spots[i - 1]!.angle!);
    }
  });

  it('never lets two people’s labels overlap, up to 60 people, even all in one quarter', () => {
    for (let seed = 1; seed <= 20; seed += 1) expect(overlapping(layoutEcomap(crowd(60, seed)).spots), `seed ${seed}`).toEqual([]);
    const packed = Array.from({ length: 60 }, (_, i) => person(`q${i}`, 1, 'family'));
    expect(overlapping(layoutEcomap(packed).spots)).toEqual([]);
  });

  it('keeps people clear of the rings’ names on the top axis', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const layout = layoutEcomap(crowd(seed * 8, seed));
      for (const ring of layout.rings) {
        const name = ringNameBox(ring.radius);
        for (const spot of layout.spots) {
          const b = box(spot);
          const hit = b.left < name.right && name.left < b.right && b.top < name.bottom && name.top < b.bottom;
          expect(hit, `seed ${seed}: ${spot.id} on ring ${ring.ring}'s name`).toBe(false);
        }
      }
    }
  });

  it('keeps everyone at least the least gap apart', () => {
    const { spots } = layoutEcomap(crowd(120, 5));
    for (let i = 0; i < spots.length; i += 1) {
      for (let j = i + 1; j < spots.length; j += 1) {
        expect(Math.hypot(spots[i]!.x - spots[j]!.x, spots[i]!.y - spots[j]!.y)).toBeGreaterThanOrEqual(MIN_GAP - 1e-6);
      }
    }
  });

  it('lays out 500 people quickly, everyone inside the drawing', () => {
    const people = crowd(500, 13);
    const started = performance.now();
    const layout = layoutEcomap(people);
    expect(performance.now() - started).toBeLessThan(200);
    expect(layout.spots).toHaveLength(500);
    const { x, y, width, height } = layout.bounds;
    for (const spot of layout.spots) {
      const b = box(spot);
      expect(b.left).toBeGreaterThanOrEqual(x);
      expect(b.right).toBeLessThanOrEqual(x + width);
      expect(b.top).toBeGreaterThanOrEqual(y);
      expect(b.bottom).toBeLessThanOrEqual(y + height);
    }
  });

  it('draws three rings even for an empty board', () => {
    const layout = layoutEcomap([]);
    expect(layout.spots).toEqual([]);
    expect(layout.rings.map((r) => r.ring)).toEqual([1, 2, 3]);
    expect(layout.rings[0]!.radius).toBeLessThan(layout.rings[1]!.radius);
    expect(layout.strip.rows).toBe(0);
  });
});
