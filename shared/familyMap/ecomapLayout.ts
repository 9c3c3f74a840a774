// Where each of "My people" sits on the ecomap: the young person at (0, 0), three rings by closeness,
// the four sectors as quarters, and a "Not placed yet" strip below for anyone whose closeness or
// sector is not said. Pure and deterministic: the same people give the same picture on every device,
// and in the agreed plan's PDF (server/export/).
//
// The one invariant that keeps labels apart: every two people (and the young person) are at least
// MIN_GAP apart. A person's drawing (mark, name, words under it) fits in a LABEL_WIDTH × LABEL_HEIGHT
// box, and MIN_GAP² ≥ LABEL_WIDTH² + LABEL_HEIGHT², so two boxes that far apart cannot overlap.
// People on one arc are spaced by chord ≥ MIN_GAP; arcs (lanes) are MIN_GAP apart; a crowded ring
// takes more lanes, and the rings outside it move out.

import { SECTORS, type Sector } from '../vocabulary.ts';

/** The box a person's drawing fits in, centred on x, from its top (mark) to its bottom (words). */
export const LABEL_WIDTH = 92;
export const LABEL_HEIGHT = 60;
/** Where the box starts above the person's point (the mark's top). */
export const LABEL_TOP = 16;
/** The least distance between two people's points. */
export const MIN_GAP = Math.ceil(Math.hypot(LABEL_WIDTH, LABEL_HEIGHT));
/** The radius of the first lane, around the young person. */
export const FIRST_LANE = Math.round(MIN_GAP * 1.15);
/**
 * Where a ring's name is written: across the top axis, just inside the ring's edge. People need no
 * room kept for it: the ring's own outermost lane is MIN_GAP / 2 inside the edge, so their boxes stop
 * short of it, and the next ring's people are far enough out that any whose box could reach it are
 * above it (checked for every layout in the tests).
 */
export function ringNameBox(edge: number): { left: number; right: number; top: number; bottom: number } {
  return { left: -44, right: 44, top: -edge + 4, bottom: -edge + 24 };
}

const QUARTER = Math.PI / 2;
/** The share of its slack each lane turns by (see layoutEcomap), in [-1, 1]. */
const LANE_TURNS = [0, 0.55, -0.55, 0.3, -0.8, 0.8, -0.3];
const CLOSENESS_RINGS = [1, 2, 3] as const;
export type Ring = (typeof CLOSENESS_RINGS)[number];

/** What the layout needs of a person. */
export interface MapPerson {
  id: string;
  displayName: string;
  closeness: number | null;
  sector: Sector | null;
}

/** A person's place: a point, and (when placed) their ring, sector and angle (radians clockwise from the top). */
export interface Spot {
  id: string;
  x: number;
  y: number;
  ring: Ring | null;
  sector: Sector | null;
  angle: number | null;
}

/** A ring's edge, drawn as a circle, and its name's place on the top axis. */
export interface RingEdge {
  ring: Ring;
  /** The circle between this ring and the next one out. */
  radius: number;
}

export interface EcomapLayout {
  /** Everyone, placed first (ring by ring, clockwise), then the "Not placed yet" strip in order. */
  spots: Spot[];
  rings: RingEdge[];
  /** The outermost ring's edge. */
  radius: number;
  /** The strip's top edge (y) and its rows; 0 rows when everyone is placed. */
  strip: { top: number; rows: number };
  /** The drawing's extent, for the SVG's viewBox. */
  bounds: { x: number; y: number; width: number; height: number };
}

/** The quarter each sector takes, as the angle (clockwise from the top) where it starts. */
const SECTOR_START: Readonly<Record<Sector, number>> = {
  friendsCommunity: 0,
  schoolWork: QUARTER,
  professionals: 2 * QUARTER,
  family: 3 * QUARTER,
};

/** A ring from a closeness value, or null when it is not one of 1, 2, 3. */
export function ringOf(closeness: number | null): Ring | null {
  return closeness === 1 || closeness === 2 || closeness === 3 ? closeness : null;
}

/** Names in a stable, human order: by name, then id. */
function byName(a: MapPerson, b: MapPerson): number {
  const an = a.displayName.toLocaleLowerCase();
  const bn = b.displayName.toLocaleLowerCase();
  return an < bn ? -1 : an > bn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The span of a sector's quarter: [from, from + span). */
function usable(sector: Sector): { from: number; span: number } {
  return { from: SECTOR_START[sector], span: QUARTER };
}

/** How many people fit on a lane of radius r in a span, each pair (and each across its ends) MIN_GAP apart. */
export function laneCapacity(r: number, span: number): number {
  if (r <= MIN_GAP / 2) return 0;
  const step = 2 * Math.asin(MIN_GAP / (2 * r));
  return Math.max(0, Math.floor(span / step + 1e-9));
}

/** How many people in a row of the strip, for a map of this radius. */
function stripColumns(radius: number): number {
  return Math.max(1, Math.floor((2 * radius) / MIN_GAP) + 1);
}

/** Lays the people out (see the module comment). */
export function layoutEcomap(people: readonly MapPerson[]): EcomapLayout {
  const sorted = [...people].sort(byName);
  const spots: Spot[] = [];
  const rings: RingEdge[] = [];
  let base = FIRST_LANE;
  for (const ring of CLOSENESS_RINGS) {
    let lanes = 1;
    for (const sector of SECTORS) {
      const cell = sorted.filter((p) => ringOf(p.closeness) === ring && p.sector === sector);
      let lane = 0;
      let next = 0;
      while (next < cell.length) {
        const r = base + lane * MIN_GAP;
        const { from, span } = usable(sector);
        const count = Math.min(cell.length - next, laneCapacity(r, span));
        // Lanes with as many people would put them at the same angles, their lines on top of each
        // other; each lane turns by a different share of its slack (what its spacing has beyond the
        // least), so the quarter's edges stay at least half the least step away.
        const slack = Math.max(0, span / count - 2 * Math.asin(MIN_GAP / (2 * r)));
        const turn = (LANE_TURNS[(ring * 3 + lane) % LANE_TURNS.length] ?? 0) * (slack / 2);
        for (let i = 0; i < count; i += 1) {
          const person = cell[next + i]!;
          const angle = from + ((i + 0.5) * span) / count + turn;
          spots.push({ id: person.id, x: r * Math.sin(angle), y: -r * Math.cos(angle), ring, sector, angle });
        }
        next += count;
        lane += 1;
      }
      lanes = Math.max(lanes, lane);
    }
    const edge = base + (lanes - 0.5) * MIN_GAP;
    rings.push({ ring, radius: edge });
    base += lanes * MIN_GAP;
  }
  const radius = rings[rings.length - 1]!.radius;
  // Clockwise within each ring, so the order of the spots is the order of going round.
  spots.sort((a, b) => (a.ring ?? 0) - (b.ring ?? 0) || (a.angle ?? 0) - (b.angle ?? 0) || Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y));

  const unplaced = sorted.filter((p) => ringOf(p.closeness) === null || p.sector === null);
  const columns = stripColumns(radius);
  const rows = Math.ceil(unplaced.length / columns);
  // Room above the strip for the sector names under the circle, and for the strip's own heading.
  const stripTop = radius + 70;
  const firstRow = stripTop + 40 + LABEL_TOP;
  const left = -((Math.min(columns, unplaced.length) - 1) * MIN_GAP) / 2;
  unplaced.forEach((person, i) => {
    const row = Math.floor(i / columns);
    const column = i % columns;
    spots.push({ id: person.id, x: left + column * MIN_GAP, y: firstRow + row * MIN_GAP, ring: null, sector: null, angle: null });
  });

  const margin = 40;
  const half = Math.max(radius, LABEL_WIDTH / 2 + ((columns - 1) * MIN_GAP) / 2) + margin;
  const top = -radius - 70;
  const bottom = rows > 0 ? firstRow + (rows - 1) * MIN_GAP + LABEL_HEIGHT - LABEL_TOP + margin : radius + 70;
  return {
    spots,
    rings,
    radius,
    strip: { top: stripTop, rows },
    bounds: { x: -half, y: top, width: 2 * half, height: bottom - top },
  };
}
