// What the family map draws, shared by the board's map (FamilyMap.tsx) and the room's screen: the
// quarters, rings, names and lines behind everyone (hidden from screen readers: each person's own
// name says it all), and one person's mark, name and contact in words.
import type { Person } from '../../../shared/board.ts';
import { SECTOR_LABELS, SECTORS, type Sector } from '../../../shared/vocabulary.ts';
import { ringNameBox, type EcomapLayout } from '../../../shared/familyMap/ecomapLayout.ts';
import { CLOSENESS_WORDS, CONNECTION_SHORT, shortName } from './mapWords.ts';
import { PersonMark } from './PersonMark.tsx';

/** Where each quarter's name goes: which corner of the drawing. */
const SECTOR_CORNER: Readonly<Record<Sector, { x: -1 | 1; y: -1 | 1 }>> = {
  family: { x: -1, y: -1 },
  friendsCommunity: { x: 1, y: -1 },
  schoolWork: { x: 1, y: 1 },
  professionals: { x: -1, y: 1 },
};

/** The quarter's start, clockwise from the top (as in ecomapLayout.ts). */
const SECTOR_TURN: Readonly<Record<Sector, number>> = { friendsCommunity: 0, schoolWork: 1, professionals: 2, family: 3 };

/** A pie slice for a quarter of a circle of radius r. */
function quarterPath(sector: Sector, r: number): string {
  const a = (SECTOR_TURN[sector] * Math.PI) / 2;
  const b = a + Math.PI / 2;
  const point = (t: number) => `${(r * Math.sin(t)).toFixed(1)} ${(-r * Math.cos(t)).toFixed(1)}`;
  return `M 0 0 L ${point(a)} A ${r} ${r} 0 0 1 ${point(b)} Z`;
}

/** Everything behind the people: quarters, rings and their names, the lines, the young person, the strip's heading. */
export function MapBackdrop({ layout, people, youngPersonName }: { layout: EcomapLayout; people: ReadonlyMap<string, Person>; youngPersonName: string }) {
  const { radius, rings, strip } = layout;
  const placed = layout.spots.filter((spot) => spot.ring !== null);
  const byId = people;
  return (
    <g aria-hidden="true">
      {SECTORS.map((sector) => (
        <path key={sector} className={`map-quarter map-quarter-${sector}`} d={quarterPath(sector, radius)} />
      ))}
      {rings.map((ring) => (
        <circle key={ring.ring} className="map-ring" r={ring.radius} />
      ))}
      <line className="map-axis" x1={0} y1={-radius} x2={0} y2={radius} />
      <line className="map-axis" x1={-radius} y1={0} x2={radius} y2={0} />
      {rings.map((ring) => (
        <text key={ring.ring} className="map-ring-name" x={0} y={ringNameBox(ring.radius).bottom - 6} textAnchor="middle">
          {CLOSENESS_WORDS[ring.ring]}
        </text>
      ))}
      {SECTORS.map((sector) => {
        const corner = SECTOR_CORNER[sector];
        return (
          <text
            key={sector}
            className="map-sector-name"
            x={corner.x * radius}
            y={corner.y < 0 ? -radius - 28 : radius + 40}
            textAnchor={corner.x < 0 ? 'start' : 'end'}
          >
            {SECTOR_LABELS[sector]}
          </text>
        );
      })}
      {placed.map((spot) => {
        const person = byId.get(spot.id);
        return person ? <line key={spot.id} className={`map-line map-line-${person.connection}`} x1={0} y1={0} x2={spot.x} y2={spot.y} /> : null;
      })}
      <circle className="map-centre" r={26} />
      <text className="map-centre-initial" y={7} textAnchor="middle">
        {youngPersonName.charAt(0).toLocaleUpperCase()}
      </text>
      <text className="map-centre-name" y={46} textAnchor="middle">
        {shortName(youngPersonName, 16)}
      </text>
      {strip.rows > 0 && (
        <>
          <line className="map-strip-rule" x1={layout.bounds.x + 20} x2={layout.bounds.x + layout.bounds.width - 20} y1={strip.top} y2={strip.top} />
          <text className="map-strip-name" x={0} y={strip.top + 26} textAnchor="middle">
            Not placed yet (how close or part of life not said)
          </text>
        </>
      )}
    </g>
  );
}

/** One person's mark, name and contact in words (hidden from screen readers: the caller names the person). */
export function PersonDrawing({ person }: { person: Person }) {
  return (
    <g aria-hidden="true">
      <PersonMark gender={person.gender} died={person.died !== null} newSinceStart={person.newSinceStart} />
      <text className="map-name" y={30} textAnchor="middle">
        {shortName(person.displayName, 12)}
      </text>
      <text className={`map-contact map-contact-${person.connection}`} y={42} textAnchor="middle">
        {CONNECTION_SHORT[person.connection]}
      </text>
    </g>
  );
}
